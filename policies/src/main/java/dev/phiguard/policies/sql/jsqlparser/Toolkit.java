package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.Catalog;
import dev.phiguard.policies.sql.lex.PgLexer;
import java.util.Objects;

/** What every statement analysis starts from: the catalog, the settings and the lexer; immutable. */
final class Toolkit {

    final Catalog catalog;
    final AnalyzerSettings settings;
    final PgLexer lexer;

    Toolkit(Catalog catalog, AnalyzerSettings settings) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.lexer = new PgLexer(settings.maxNestingDepth());
    }

    /** @return a fresh context for one statement */
    Context newContext() {
        return new Context(catalog, settings, lexer);
    }
}
