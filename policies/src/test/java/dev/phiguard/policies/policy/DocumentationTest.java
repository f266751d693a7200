package dev.phiguard.policies.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code docs/policy.md} stays true to the code: every key, rule and list it documents is the real one. */
class DocumentationTest {

    private static String docs;

    @BeforeAll
    static void read() throws IOException {
        docs = Files.readString(Path.of("..", "docs", "policy.md"));
    }

    @Test
    void theCompleteExampleIsTheExampleFile() throws IOException {
        String example = Files.readString(ExamplePolicyTest.EXAMPLE);
        assertThat(docs).contains("```yaml\n" + example + "```\n");
    }

    @Test
    void everyKeyIsDocumented() {
        Stream.of(PolicyReader.KEYS, RequestersReader.KEYS, ApprovalReader.KEYS, LeaseReader.KEYS, AccessReader.KEYS,
                        DetectorsReader.KEYS, HoldRulesReader.KEYS.values().stream().flatMap(List::stream).toList(),
                        MaskingRule.NAMES, HoldRule.KINDS, AccessReader.STATEMENT_KINDS, MaskingReader.TOKEN_FORMATS,
                        MaskingReader.DATE_PRECISIONS, DetectorsReader.STYLES,
                        List.of("replacement", "keep_last", "fill", "format", "precision", "max_days"))
                .flatMap(List::stream)
                .forEach(key -> assertThat(docs).as(key).contains("`" + key + "`"));
    }

    @Test
    void theFunctionListsAreTheRealOnes() {
        assertThat(listAfter("### Default functions")).isEqualTo(new TreeSet<>(FunctionAllowList.DEFAULTS));
        assertThat(listAfter("### Functions that are never allowed"))
                .isEqualTo(new TreeSet<>(FunctionAllowList.NEVER_ALLOWED));
    }

    /** The first back-quoted, comma-separated paragraph after a heading. */
    private static Set<String> listAfter(String heading) {
        String rest = docs.substring(docs.indexOf(heading));
        int start = rest.indexOf("\n`") + 2;
        String list = rest.substring(start, rest.indexOf('`', start));
        return Arrays.stream(list.split(",")).map(String::strip).collect(Collectors.toCollection(TreeSet::new));
    }
}
