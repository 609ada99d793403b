package dev.winback.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.winback.api.InvalidInputException;
import dev.winback.api.dto.CaseCorrection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON Merge Patch (RFC 7396) of {@code PATCH /cases/{id}}: an object with any of {@code ownerRep},
 * {@code lossReason} and {@code notes}. A member left out stays as it is; {@code "notes": null} removes the notes;
 * owner and loss reason cannot be removed (a case always has both). Anything else is refused, as in every body of
 * this API.
 */
final class CasePatch {
    static final Set<String> FIELDS = Set.of("ownerRep", "lossReason", "notes");
    private static final String KNOWN = "known fields: lossReason, notes, ownerRep";

    private CasePatch() {
    }

    static CaseCorrection parse(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new BadJsonException(null, "The body must be a JSON object (a JSON Merge Patch)");
        }
        CaseCorrection correction = new CaseCorrection();
        List<InvalidInputException.FieldProblem> removed = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> member = it.next();
            String field = member.getKey();
            JsonNode value = member.getValue();
            if (!FIELDS.contains(field)) {
                throw new BadJsonException(field, "unknown field '" + field + "'; " + KNOWN);
            }
            if (value.isNull()) {
                if (field.equals("notes")) {
                    correction.clearNotes = true;
                } else {
                    removed.add(new InvalidInputException.FieldProblem(field, "cannot be removed (null); send the "
                            + "new value, or leave the field out to keep it"));
                }
                continue;
            }
            if (!value.isTextual()) {
                throw new BadJsonException(field, "wrong type: expected a string or null");
            }
            switch (field) {
                case "ownerRep":
                    correction.ownerRep = value.textValue();
                    break;
                case "lossReason":
                    correction.lossReason = value.textValue();
                    break;
                default:
                    correction.notes = value.textValue();
                    break;
            }
        }
        if (!removed.isEmpty()) {
            throw new InvalidInputException(removed);
        }
        return correction;
    }
}
