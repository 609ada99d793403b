package dev.winback.strategy.testkit;

import dev.winback.api.dto.Outcome;
import dev.winback.api.dto.RecoveryStep;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deep copies of the API's plain-data objects (public fields, a public no-argument constructor), so the path walk
 * can branch a case without replaying it. Every public field is copied, including ones the API adds later; a field
 * of a type it does not know fails loudly rather than being shared between branches.
 */
final class Copies {
    private static final Map<Class<?>, Field[]> FIELDS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Constructor<?>> CONSTRUCTORS = new ConcurrentHashMap<>();

    private Copies() {
    }

    @SuppressWarnings("unchecked")
    static <T> T deep(T value) {
        if (value == null || immutable(value)) {
            return value;
        }
        if (value instanceof RecoveryStep) {
            return (T) step((RecoveryStep) value);
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>(((List<?>) value).size());
            for (Object o : (List<?>) value) {
                copy.add(deep(o));
            }
            return (T) copy;
        }
        if (value instanceof Set) {
            Set<Object> copy = new LinkedHashSet<>();
            for (Object o : (Set<?>) value) {
                copy.add(deep(o));
            }
            return (T) copy;
        }
        if (value instanceof Map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> copy.put(deep(k), deep(v)));
            return (T) copy;
        }
        Class<?> type = value.getClass();
        if (!type.getPackageName().startsWith("dev.winback.api")) {
            throw new IllegalStateException("The test kit cannot copy a " + type.getName() + " for the path walk");
        }
        try {
            Constructor<?> constructor = CONSTRUCTORS.get(type);
            if (constructor == null) {
                constructor = type.getConstructor();
                CONSTRUCTORS.put(type, constructor);
            }
            Object copy = constructor.newInstance();
            for (Field f : fields(type)) {
                f.set(copy, deep(f.get(value)));
            }
            return (T) copy;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The test kit cannot copy a " + type.getName(), e);
        }
    }

    /**
     * The walk copies steps by the thousand, so by hand rather than by reflection; the kit's own test checks that
     * every public field of {@link RecoveryStep} is copied here. The lists and maps of a step are never changed once
     * it is planned, so the copy shares them.
     */
    static RecoveryStep step(RecoveryStep s) {
        RecoveryStep c = new RecoveryStep();
        c.id = s.id;
        c.caseId = s.caseId;
        c.type = s.type;
        c.name = s.name;
        c.dueAt = s.dueAt;
        c.notBefore = s.notBefore;
        c.anytimeOutcomes = s.anytimeOutcomes;
        c.assignee = s.assignee;
        c.status = s.status;
        c.outcome = s.outcome == null ? null : outcome(s.outcome);
        c.instructions = s.instructions;
        c.allowedOutcomes = s.allowedOutcomes;
        c.escalateWhenOverdue = s.escalateWhenOverdue;
        c.overdueSince = s.overdueSince;
        c.escalatedTo = s.escalatedTo;
        c.escalatedAt = s.escalatedAt;
        c.contactsCustomer = s.contactsCustomer;
        c.requires = s.requires;
        c.requiresFor = s.requiresFor;
        c.closes = s.closes;
        c.slaMissed = s.slaMissed;
        c.createdAt = s.createdAt;
        c.conditionId = s.conditionId;
        return c;
    }

    private static Outcome outcome(Outcome o) {
        Outcome c = new Outcome();
        c.code = o.code;
        c.notes = o.notes;
        c.recordedBy = o.recordedBy;
        c.recordedAt = o.recordedAt;
        return c;
    }

    private static boolean immutable(Object value) {
        return value instanceof String || value instanceof Enum || value instanceof Instant || value instanceof UUID
                || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof BigDecimal || value instanceof Duration || value instanceof Double;
    }

    private static Field[] fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (Modifier.isPublic(m) && !Modifier.isStatic(m) && !Modifier.isFinal(m)) {
                        fields.add(f);
                    }
                }
            }
            return fields.toArray(new Field[0]);
        });
    }
}
