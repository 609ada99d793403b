package dev.winback.detect.rest;

import dev.winback.api.NotFoundException;
import dev.winback.api.PayloadTooLargeException;
import dev.winback.api.detect.ImportFormat;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportRequest;
import dev.winback.api.detect.TransactionImportService;
import dev.winback.api.dto.Page;
import dev.winback.api.rest.BoundedInputStream;
import dev.winback.api.rest.RequestParams;
import dev.winback.api.rest.StreamedBody;
import dev.winback.api.rest.WinbackRest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code /api/v1/imports}: purchase history uploads. The body is the file itself (CSV, whitespace-separated or JSON
 * lines, gzip allowed), streamed to disk, and the import runs as a job the client polls; the options are query
 * parameters so that the body can stay the untouched export of the host system. Part of the
 * {@code winback-detect} feature: without it the path is absent (404).
 */
@Component(service = ImportResource.class, scope = ServiceScope.PROTOTYPE,
        configurationPid = "dev.winback.rest.imports")
@Designate(ocd = ImportResource.Config.class)
@JaxrsResource
@JaxrsApplicationSelect(WinbackRest.APPLICATION_SELECT)
@Path("imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {
    private static final String NDJSON = "application/x-ndjson";

    @ObjectClassDefinition(name = "Winback transaction uploads",
            description = "Limits of POST /api/v1/imports/transactions")
    public @interface Config {
        @AttributeDefinition(name = "Largest upload (MiB)",
                description = "Uploads over this size are refused with 413; import bigger files from the shell")
        long maxUploadMegabytes() default 2048;
    }

    @Reference
    TransactionImportService imports;

    private long maxUploadBytes = 2048L << 20;

    @Activate
    void activate(Config config) {
        maxUploadBytes = Math.max(1, config.maxUploadMegabytes()) << 20;
    }

    @POST
    @Path("transactions")
    @StreamedBody
    // No text/plain (nor a form encoding): a page of another site could send those without asking first.
    @Consumes({"text/csv", NDJSON, "application/jsonl", "application/gzip", "application/x-gzip",
        MediaType.APPLICATION_OCTET_STREAM})
    public Response upload(InputStream body, @QueryParam("format") String format,
            @QueryParam("fileName") String fileName, @QueryParam("columnNames") String columnNames,
            @QueryParam("delimiter") String delimiter, @QueryParam("externalIdColumn") String externalIdColumn,
            @QueryParam("dateColumn") String dateColumn, @QueryParam("amountColumn") String amountColumn,
            @QueryParam("sourceColumn") String sourceColumn, @QueryParam("source") String source,
            @QueryParam("transactionIdColumn") String transactionIdColumn,
            @QueryParam("datePattern") String datePattern, @QueryParam("decimalSeparator") String decimalSeparator,
            @QueryParam("negativeAmounts") String negativeAmounts, @QueryParam("maxErrors") String maxErrors,
            @QueryParam("maxErrorPercent") String maxErrorPercent, @Context HttpHeaders headers,
            @Context SecurityContext security, @Context UriInfo uri) throws IOException {
        long declared = headers.getLength();
        if (declared > maxUploadBytes) {
            throw tooLarge();
        }
        ImportRequest request = new ImportRequest();
        request.format = format(format, headers.getMediaType());
        request.fileName = RequestParams.text(fileName);
        request.columnNames = columnNames == null || columnNames.isBlank() ? null
                : Arrays.stream(columnNames.split(",")).map(String::strip).toList();
        request.delimiter = "\\t".equals(delimiter) ? "\t" : emptyToNull(delimiter);
        request.externalIdColumn = RequestParams.text(externalIdColumn);
        request.dateColumn = RequestParams.text(dateColumn);
        request.amountColumn = RequestParams.text(amountColumn);
        request.sourceColumn = RequestParams.text(sourceColumn);
        request.source = RequestParams.text(source);
        request.transactionIdColumn = RequestParams.text(transactionIdColumn);
        request.datePattern = RequestParams.text(datePattern);
        request.decimalSeparator = emptyToNull(decimalSeparator);
        request.negativeAmounts = negativeAmounts == null || negativeAmounts.isBlank() ? null
                : RequestParams.bool("negativeAmounts", negativeAmounts);
        request.maxErrors = maxErrors == null || maxErrors.isBlank() ? null
                : (long) RequestParams.integer("maxErrors", maxErrors, 0);
        request.maxErrorPercent = RequestParams.decimal("maxErrorPercent", maxErrorPercent, "a number from 0 to 100");
        ImportJob job;
        try {
            // Bounded while spooled, so a body without (or with a false) Content-Length stops at the limit too.
            job = imports.submit(request,
                    new BoundedInputStream(body, maxUploadBytes), WinbackRest.actor(security.getUserPrincipal()));
        } catch (BoundedInputStream.LimitReached e) {
            throw tooLarge();
        }
        return Response.accepted(job).location(uri.getBaseUriBuilder().path("imports").path(job.id.toString()).build())
                .build();
    }

    @GET
    public Page<ImportJob> list(@QueryParam("page") String page, @QueryParam("size") String size,
            @Context SecurityContext security) {
        return imports.list(RequestParams.integer("page", page, 0),
                RequestParams.integer("size", size, 20), WinbackRest.actor(security.getUserPrincipal()));
    }

    @GET
    @Path("{id}")
    public ImportJob get(@PathParam("id") String id, @Context SecurityContext security) {
        return imports.get(RequestParams.pathId("import", id), WinbackRest.actor(security.getUserPrincipal()))
                .orElseThrow(() -> new NotFoundException("No import has id '" + id + "'"));
    }

    /**
     * Queues a FAILED import again (same file, same options) on this node: 202 with the job, which the client
     * follows as after an upload.
     */
    @POST
    @Path("{id}/retry")
    public Response retry(@PathParam("id") String id, @Context SecurityContext security, @Context UriInfo uri) {
        ImportJob job = imports.retry(RequestParams.pathId("import", id),
                WinbackRest.actor(security.getUserPrincipal()));
        return Response.accepted(job).location(uri.getBaseUriBuilder().path("imports").path(job.id.toString())
                .build()).build();
    }

    /** The format named, else the one the Content-Type implies, else CSV. */
    static ImportFormat format(String name, MediaType type) {
        if (name != null && !name.isBlank()) {
            return RequestParams.enumValue("format", name.strip().toUpperCase(Locale.ROOT).replace('-', '_'),
                    ImportFormat.class);
        }
        if (type != null) {
            String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
            if (subtype.equals("x-ndjson") || subtype.equals("jsonl")) {
                return ImportFormat.JSON_LINES;
            }
        }
        return ImportFormat.CSV;
    }

    /** A delimiter may be a blank, so only the empty string means "not given". */
    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException(maxUploadBytes, "Uploads are limited to " + (maxUploadBytes >> 20)
                + " MiB; import larger files with winback:import on the server");
    }
}
