package dev.phiguard.policies.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** JSqlParser stays inside {@code dev.phiguard.policies.sql.jsqlparser}; the facts never expose it. */
class ParserConfinementTest {

    private static final Path MAIN = Path.of("src/main/java/dev/phiguard/policies");
    private static final List<Class<?>> API = List.of(
            Analysis.class, Analysis.Analysed.class, Analysis.Unanalysable.class, StatementFacts.class, StatementKind.class,
            StatementTrait.class, TableRef.class, ColumnRef.class, OutputColumn.class, Lineage.class, Lineage.Direct.class,
            Lineage.Derived.class, Lineage.WholeRow.class, Lineage.Constant.class, Lineage.Unknown.class, Catalog.class,
            TableShape.class, StaticCatalog.class, SearchPath.class, AnalyzerSettings.class, SqlAnalyzer.class,
            CachingAnalyzer.class, dev.phiguard.policies.sql.jsqlparser.JSqlParserAnalyzer.class);

    @Test
    void onlyTheAdapterPackageImportsJsqlparser() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                boolean adapter = file.toString().replace('\\', '/').contains("/policies/sql/jsqlparser/");
                if (!adapter && Files.readString(file).contains("net.sf.jsqlparser")) {
                    offenders.add(file.toString());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void noPublicSignatureMentionsJsqlparser() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : API) {
            for (Method method : type.getMethods()) {
                if (!Modifier.isPublic(method.getModifiers())) {
                    continue;
                }
                String signature = method.toGenericString();
                if (signature.contains("net.sf.jsqlparser")) {
                    leaks.add(signature);
                }
            }
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    if (component.getGenericType().getTypeName().contains("net.sf.jsqlparser")) {
                        leaks.add(type.getName() + "." + component.getName());
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void theAdapterPackageExposesOnlyTheAnalyzer() throws IOException {
        List<String> publicTypes = new ArrayList<>();
        try (Stream<Path> files = Files.list(MAIN.resolve("sql/jsqlparser"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                if (source.matches("(?s).*\\npublic (final )?(class|interface|record|enum) .*")) {
                    publicTypes.add(file.getFileName().toString());
                }
            }
        }
        assertThat(publicTypes).containsExactly("JSqlParserAnalyzer.java");
    }
}
