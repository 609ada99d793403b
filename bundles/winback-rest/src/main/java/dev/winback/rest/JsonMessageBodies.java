package dev.winback.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.winback.api.rest.BoundedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import javax.ws.rs.Consumes;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsMediaType;

/**
 * Reads and writes JSON bodies with {@link WinbackJson}'s mapper. Reading is bounded to {@link #MAX_BODY_BYTES}
 * even when the client sends no Content-Length, and every Jackson failure becomes a {@link BadJsonException}
 * that names the field, so no parser internals reach the client.
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class})
@JaxrsExtension
@JaxrsApplicationSelect(WinbackApplication.SELECT)
@JaxrsMediaType({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
@Produces({MediaType.APPLICATION_JSON, "application/*+json"})
public class JsonMessageBodies implements MessageBodyReader<Object>, MessageBodyWriter<Object> {
    /** 1 MiB: far above any real customer or case, far below what could hurt the heap. */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    private static final ObjectMapper MAPPER = WinbackJson.mapper();

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && !isRaw(type);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        return read(MAPPER.getTypeFactory().constructType(genericType), entityStream);
    }

    /** Reads a body the runtime does not read for us (such as the optional body of a DELETE), just as strictly. */
    static <T> T read(Class<T> type, InputStream entityStream) throws IOException {
        return type.cast(read(MAPPER.getTypeFactory().constructType(type), entityStream));
    }

    private static Object read(JavaType javaType, InputStream entityStream) throws IOException {
        try (JsonParser parser = MAPPER.createParser(new BoundedInputStream(entityStream, MAX_BODY_BYTES))) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new BadJsonException(null, "A JSON body is required");
            }
            if (first != JsonToken.START_OBJECT && !javaType.isContainerType()) {
                throw new BadJsonException(null, "The body must be a JSON object");
            }
            Object value = MAPPER.readValue(parser, javaType);
            if (parser.nextToken() != null) {
                throw new BadJsonException(null, "Malformed JSON: there is more after the end of the JSON value");
            }
            return value;
        } catch (JacksonException e) {
            throw BadJsonException.from(e);
        } catch (BoundedInputStream.LimitReached e) {
            throw new BodyTooLargeException(e.limit());
        }
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && !isRaw(type);
    }

    /** Bodies the runtime already knows how to write as they are, such as a static JSON document. */
    private static boolean isRaw(Class<?> type) {
        return type == String.class || type == byte[].class || InputStream.class.isAssignableFrom(type)
                || javax.ws.rs.core.StreamingOutput.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        try {
            MAPPER.writerFor(MAPPER.getTypeFactory().constructType(genericType)).writeValue(entityStream, value);
        } catch (JsonProcessingException e) {
            // Our own DTOs failed to serialise: a server bug, reported as such by the generic mapper.
            throw new IllegalStateException("Could not write JSON response", e);
        }
    }

    private static boolean isJson(MediaType mediaType) {
        if (mediaType == null) {
            return true;
        }
        String sub = mediaType.getSubtype();
        return "application".equals(mediaType.getType()) && ("json".equals(sub) || sub.endsWith("+json"))
                || mediaType.isWildcardType();
    }
}
