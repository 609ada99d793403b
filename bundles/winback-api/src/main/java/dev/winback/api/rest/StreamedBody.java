package dev.winback.api.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource method that reads its body as a stream (a file upload): the API's 1 MiB limit on request bodies
 * does not apply to it, because the method enforces a limit of its own while it reads (and throws
 * {@link dev.winback.api.PayloadTooLargeException} when the body goes over it).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface StreamedBody {
}
