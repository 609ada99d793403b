-- Winback schema, version 9: the version track of each module that brings its own tables (ModuleSchema in the
-- API). A row per applied script, like winback_schema_version for the core; rows stay when a module is uninstalled,
-- so that a module that returns applies only what is new.

CREATE TABLE winback_module_schema (
    module     VARCHAR(64)              NOT NULL,
    version    INTEGER                  NOT NULL,
    script     VARCHAR(255)             NOT NULL,
    checksum   BIGINT                   NOT NULL,
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_winback_module_schema PRIMARY KEY (module, version)
);
