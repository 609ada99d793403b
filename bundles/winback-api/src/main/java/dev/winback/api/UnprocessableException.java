package dev.winback.api;

import java.util.List;

/**
 * Well-formed input that a business rule refuses: opening a case for a customer who asked not to be contacted,
 * closing a case as won back without evidence, completing a step without the records it needs. REST: 422, with
 * the field (or requirement) named.
 */
public class UnprocessableException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public UnprocessableException(String field, String message) {
        super(List.of(new FieldProblem(field, message)));
    }
}
