package dev.winback.api;

import java.util.List;

/**
 * Well-formed input that names something that does not exist, such as an unknown customer id or loss-reason
 * code. REST: 422.
 */
public class UnknownReferenceException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public UnknownReferenceException(String field, String message) {
        super(List.of(new FieldProblem(field, message)));
    }
}
