package dev.winback.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleSchemasTest {

    @Test
    void theHeaderNamesTheModuleAndOptionallyTheFolder() {
        assertEquals(Optional.of(new ModuleSchemas.Declared("detect", "db/detect")), ModuleSchemas.parse("detect"));
        assertEquals(Optional.of(new ModuleSchemas.Declared("webhooks", "sql/hooks")),
                ModuleSchemas.parse(" webhooks ; path = \"/sql/hooks/\""));
    }

    @Test
    void aMalformedHeaderDeclaresNothing() {
        for (String header : List.of("Detect", "../x", "detect;path=", "detect;folder=db", "detect;path",
                "a".repeat(65))) {
            assertEquals(Optional.empty(), ModuleSchemas.parse(header), header);
        }
    }

    @Test
    void scriptsRunInVersionOrderNotNameOrder() {
        List<SchemaMigrations.Migration> ordered = ModuleSchemas.ordered(
                List.of("V10__later.sql", "V2__second.sql", "V1__first.sql"), name -> "-- " + name);

        assertEquals(List.of(1, 2, 10), ordered.stream().map(SchemaMigrations.Migration::version)
                .collect(Collectors.toList()));
        assertEquals("-- V10__later.sql", ordered.get(2).text());
    }

    @Test
    void twoScriptsWithOneVersionOrAStrangeNameStopTheModule() {
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> ModuleSchemas.ordered(List.of("V1__a.sql", "V1__b.sql"), name -> ""));
        assertTrue(twice.getMessage().contains("same version"), twice.getMessage());
        IllegalStateException strange = assertThrows(IllegalStateException.class,
                () -> ModuleSchemas.ordered(List.of("create.sql"), name -> ""));
        assertTrue(strange.getMessage().contains("create.sql"), strange.getMessage());
    }
}
