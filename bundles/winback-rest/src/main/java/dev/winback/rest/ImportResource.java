package dev.winback.rest;

import dev.winback.api.NotFoundException;
import dev.winback.api.detect.ImportFormat;
import dev.winback.api.detect.ImportJob;
import dev.winback.api.detect.ImportRequest;
import dev.winback.api.detect.TransactionImportService;
import dev.winback.api.dto.Page;
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
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code /api/v1/imports}: purchase history uploads. The body is the file itself (CSV, whitespace-separated or JSON
 * lines, gzip allowed), streamed to disk, and the import runs as a job the client polls; the options are query
 * parameters so that the body can stay the untouched export of the host system. Answers 404 while the
 * {@code winback-detect} feature is not installed.
 */
@Component(service = ImportResource.class, scope = ServiceScope.PROTOTYPE,
        configurationPid = "dev.winback.rest.imports")
@Designate(ocd = ImportResource.Config.class)
@JaxrsResource
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@Path("imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {
    static final String UPLOAD_PATH = "imports/transactions";
    private static final String NDJSON = "application/x-ndjson";

    @ObjectClassDefinition(name = "Winback transaction uploads",
            description = "Limits of POST /api/v1/imports/transactions")
    public @interface Config {
        @AttributeDefinition(name = "Largest upload (MiB)",
                description = "Uploads over this size are refused with 413; import bigger files from the shell")
        long maxUploadMegabytes() default 2048;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile TransactionImportService imports;

    private long maxUploadBytes = 2048L << 20;

    @Activate
    void activate(Config config) {
        maxUploadBytes = Math.max(1, config.maxUploadMegabytes()) << 20;
    }

    /** Whether a request is an upload, which the JSON body limit does not apply to. */
    static boolean isUpload(ContainerRequestContext request) {
        return "POST".equals(request.getMethod())
                && request.getUriInfo().getPath().replaceAll("^/+|/+$", "").equals(UPLOAD_PATH);
    }

    @POST
    @Path("transactions")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, NDJSON, "application/jsonl", "application/gzip",
        "application/x-gzip", MediaType.APPLICATION_OCTET_STREAM})
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
        request.fileName = Params.text(fileName);
        request.columnNames = columnNames == null || columnNames.isBlank() ? null
                : Arrays.stream(columnNames.split(",")).map(String::strip).toList();
        request.delimiter = "\\t".equals(delimiter) ? "\t" : emptyToNull(delimiter);
        request.externalIdColumn = Params.text(externalIdColumn);
        request.dateColumn = Params.text(dateColumn);
        request.amountColumn = Params.text(amountColumn);
        request.sourceColumn = Params.text(sourceColumn);
        request.source = Params.text(source);
        request.transactionIdColumn = Params.text(transactionIdColumn);
        request.datePattern = Params.text(datePattern);
        request.decimalSeparator = emptyToNull(decimalSeparator);
        request.negativeAmounts = negativeAmounts == null || negativeAmounts.isBlank() ? null
                : Params.bool("negativeAmounts", negativeAmounts);
        request.maxErrors = maxErrors == null || maxErrors.isBlank() ? null
                : (long) Params.integer("maxErrors", maxErrors, 0);
        request.maxErrorPercent = Params.decimal("maxErrorPercent", maxErrorPercent, "a number from 0 to 100");
        ImportJob job;
        try {
            // Bounded while spooled, so a body without (or with a false) Content-Length stops at the limit too.
            job = DetectFeature.require(imports).submit(request,
                    new JsonMessageBodies.BoundedInputStream(body, maxUploadBytes), ActorPrincipal.of(security));
        } catch (JsonMessageBodies.LimitReached e) {
            throw tooLarge();
        }
        return Response.accepted(job).location(uri.getBaseUriBuilder().path("imports").path(job.id.toString()).build())
                .build();
    }

    @GET
    public Page<ImportJob> list(@QueryParam("page") String page, @QueryParam("size") String size,
            @Context SecurityContext security) {
        return DetectFeature.require(imports).list(Params.integer("page", page, 0),
                Params.integer("size", size, 20), ActorPrincipal.of(security));
    }

    @GET
    @Path("{id}")
    public ImportJob get(@PathParam("id") String id, @Context SecurityContext security) {
        return DetectFeature.require(imports).get(Params.pathId("import", id), ActorPrincipal.of(security))
                .orElseThrow(() -> new NotFoundException("No import has id '" + id + "'"));
    }

    /** The format named, else the one the Content-Type implies, else CSV. */
    static ImportFormat format(String name, MediaType type) {
        if (name != null && !name.isBlank()) {
            return Params.enumValue("format", name.strip().toUpperCase(Locale.ROOT).replace('-', '_'),
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

    private BodyTooLargeException tooLarge() {
        return new BodyTooLargeException(maxUploadBytes, "Uploads are limited to " + (maxUploadBytes >> 20)
                + " MiB; import larger files with winback:import on the server");
    }
}
