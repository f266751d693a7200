package dev.phiguard.policies.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid policies, one mistake each, and the exact problems they give: file, line, column and message. The
 * snippet is the start of the file (see {@link PolicyTexts#compose}), so its lines are the file's lines.
 */
class InvalidPolicyTest {

    static final Path FILE = Path.of("study-42.yaml");
    static final String TOP_LEVEL_KEYS =
            "version, purpose, description, requesters, approval, lease, access, masking, detectors, record_keys, hold";
    static final String RULES = "redact, partial, tokenize, nullify, generalise_date, shift_date";
    static final String PATIENT_COLUMNS = "first_name, mrn, notes, patient_id, ssn";

    private final PolicyLoader loader = new PolicyLoader();

    @Test
    void theDefaultTextIsValid() throws PolicyException {
        assertThat(loader.parse(FILE, PolicyTexts.valid()).purpose()).isEqualTo("study-42");
    }

    static Stream<Arguments> snippets() {
        return Stream.of(
                // keys
                arguments("maks: 1", List.of("1:1: unknown key 'maks' at the top level (valid: " + TOP_LEVEL_KEYS + ")")),
                arguments("""
                        masking:
                          patients:
                            ssn: {maks: {keep_last: 4}}
                        """, List.of("3:11: unknown key 'maks' in 'masking.patients.ssn' (valid: " + RULES + ")")),
                arguments("""
                        lease:
                          max_ttl: 1h
                        """, List.of("2:3: missing required key 'target' in 'lease'")),
                arguments("purpose: study-42\npurpose: study-42",
                        List.of("2:1: duplicate key 'purpose' at the top level (first at line 1)")),
                arguments("""
                        hold:
                          - when: any_write
                            rows: 5
                        """, List.of("3:5: unknown key 'rows' in 'hold[0]' (valid: when, tables)")),
                arguments("""
                        masking:
                          patients:
                            mrn: {partial: {keep_lst: 4}}
                        """, List.of("3:21: unknown key 'keep_lst' in 'masking.patients.mrn.partial' (valid: keep_last, fill)")),
                // purpose and description
                arguments("purpose: study-43", List.of("1:10: purpose 'study-43' does not match the file name "
                        + "'study-42.yaml': the purpose id must equal the file name without .yaml (rename the file to "
                        + "study-43.yaml or change the purpose to 'study-42')")),
                arguments("purpose: Study_42", List.of("1:10: 'purpose' must be a purpose id: lower-case letters, "
                        + "digits and '-', at most 63 characters, like study-42, got 'Study_42'")),
                arguments("description:", List.of("1:13: 'description' has no value")),
                arguments("description: true",
                        List.of("1:14: 'description' must be text, got the boolean true (quote it: \"true\")")),
                arguments("version: 2", List.of("1:10: 'version' must be 1 (the only policy file version), got 2")),
                // types
                arguments("requesters: local", List.of("1:13: 'requesters' must be a list, got 'local'")),
                arguments("lease: 8h", List.of("1:8: 'lease' must be a mapping of keys to values, got '8h'")),
                arguments("""
                        access:
                          tables: {patients: "*"}
                          row_limit: 1_000
                        """, List.of("3:14: 'access.row_limit' must be a whole number, got the number 1_000")),
                // requesters
                arguments("""
                        requesters:
                          - issuer: http://issuer.example.com
                            groups: [ci]
                        """, List.of("2:13: 'requesters[0].issuer' must be 'local' or an issuer's https URL like "
                        + "https://token.actions.githubusercontent.com, got 'http://issuer.example.com'")),
                arguments("""
                        requesters:
                          - issuer: local
                        """, List.of("2:5: requester rule 'requesters[0]' must name a subject, groups or claims: a "
                        + "rule that admits every identity of an issuer is not allowed (write subject: \"*\" if that is meant)")),
                arguments("""
                        requesters:
                          - issuer: local
                            subject: "repo:{a,b}"
                        """, List.of("3:14: 'requesters[0].subject' is not a valid glob: '{' at position 6 is not glob "
                        + "syntax here (only * and ? are); write \\{ to match it literally")),
                arguments("""
                        requesters:
                          - issuer: local
                            groups: []
                        """, List.of("3:13: 'requesters[0].groups' is an empty list; list at least one entry or leave the key out")),
                arguments("""
                        requesters:
                          - issuer: local
                            claims: {"repo sitory": acme/etl}
                        """, List.of("3:14: claim name 'repo sitory' in 'requesters[0].claims' must be letters, digits "
                        + "and _ . : / - (like repository or job_workflow_ref)")),
                // approval
                arguments("""
                        approval:
                          required: 2
                        """, List.of("2:13: 'approval.required' is 2 but 'approval.from_groups' names no group: list "
                        + "the groups whose members may approve")),
                arguments("""
                        approval:
                          required: 1
                          from_groups: [reviewers, reviewers]
                        """, List.of("3:28: duplicate entry 'reviewers' in 'approval.from_groups' (first at line 3)")),
                // lease
                arguments("""
                        lease:
                          target: clinic
                          max_ttl: forever
                        """, List.of("3:12: 'lease.max_ttl' must be a duration like 30m or 8h (units d, h, m, s), got 'forever'")),
                arguments("""
                        lease:
                          target: clinic
                          max_ttl: 1h
                          default_ttl: 2h
                        """, List.of("4:16: 'lease.default_ttl' (2h) must not be longer than 'lease.max_ttl' (1h)")),
                arguments("""
                        lease:
                          target: clinic
                          default_ttl: 2h
                        """, List.of("3:16: 'lease.default_ttl' (2h) must not be longer than 'lease.max_ttl' (1h, the default)")),
                arguments("""
                        lease:
                          target: clinic
                          max_sessions: -2
                        """, List.of("3:17: 'lease.max_sessions' must be between 1 and 100, got -2")),
                arguments("""
                        lease:
                          target: clinic
                          pending_timeout: 30s
                        """, List.of("3:20: 'lease.pending_timeout' must be between 1m and 7d, got 30s")),
                arguments("""
                        lease:
                          target: clinic
                          require_tls: yes
                        """, List.of("3:16: 'lease.require_tls' must be true or false, got 'yes'")),
                // access
                arguments("""
                        access:
                          statements: [select, drop]
                          tables: {patients: "*"}
                        """, List.of("2:24: 'access.statements[1]' is not a statement kind: 'drop' (valid: select, "
                        + "insert, update, delete, merge, copy_to, copy_from)")),
                arguments("""
                        access:
                          tables:
                            Patients: "*"
                        """, List.of("3:5: table name 'Patients' in 'access.tables' must be a lower-case SQL "
                        + "identifier, optionally schema-qualified (patients, lab.results)")),
                arguments("""
                        access:
                          tables:
                            patients: "*"
                            public.patients: "*"
                        """, List.of("4:5: table 'public.patients' in 'access.tables' is the same table as 'patients' (line 3)")),
                arguments("""
                        access:
                          tables:
                            patients: [mrn, "*"]
                        """, List.of("3:21: 'access.tables.patients[1]': \"*\" stands for every column and must be "
                        + "the whole value, not a list entry: write patients: \"*\"")),
                arguments("""
                        access:
                          tables: {patients: "*"}
                          functions: [lower, query_to_xml]
                        """, List.of("3:22: 'access.functions[1]': function 'query_to_xml' can never be allowed: it "
                        + "runs SQL text, reads server files, reaches other databases or affects other sessions")),
                arguments("""
                        access:
                          tables: {patients: "*"}
                          row_limit: 0
                        """, List.of("3:14: 'access.row_limit' must be between 1 and 1000000000, got 0")),
                // masking
                arguments("""
                        masking:
                          patients:
                            email: redact
                        """, List.of("3:5: masking rule for 'patients.email' references a column not listed in "
                        + "access.tables.patients (listed: " + PATIENT_COLUMNS + ")")),
                arguments("""
                        masking:
                          labs:
                            value: redact
                        """, List.of("2:3: 'masking.labs' references table 'labs', which access.tables does not list "
                        + "(listed: encounters, patients)")),
                arguments("""
                        masking:
                          patients:
                            ssn: partial
                        """, List.of("3:10: 'masking.patients.ssn' needs keep_last, the number of trailing characters "
                        + "kept, e.g. {partial: {keep_last: 4}}")),
                arguments("""
                        masking:
                          patients:
                            ssn: {partial: {keep_last: 4, fill: "##"}}
                        """, List.of("3:41: 'masking.patients.ssn.partial.fill' must be one printable character like "
                        + "\"*\" or \"#\", got '##'")),
                arguments("""
                        masking:
                          patients:
                            first_name: {redact: {replacement: "a\\tb"}}
                        """, List.of("3:40: 'masking.patients.first_name.redact.replacement' must not contain control "
                        + "characters (line breaks, tabs, NUL)")),
                arguments("""
                        masking:
                          patients:
                            ssn: scramble
                        """, List.of("3:10: unknown masking rule 'scramble' for 'masking.patients.ssn' (valid: " + RULES + ")")),
                arguments("""
                        masking:
                          patients:
                            ssn: {redact: {}, nullify: {}}
                        """, List.of("3:23: 'masking.patients.ssn' must name exactly one masking rule, but names "
                        + "'redact' and 'nullify'")),
                arguments("""
                        masking:
                          patients:
                            mrn: {tokenize: {format: ssnn}}
                        """, List.of("3:30: 'masking.patients.mrn.tokenize.format' must be one of ssn, mrn, text, email; got 'ssnn'")),
                arguments("""
                        masking:
                          encounters:
                            admitted_at: {generalise_date: {precision: day}}
                        """, List.of("3:48: 'masking.encounters.admitted_at.generalise_date.precision' must be one of "
                        + "year, month; got 'day'")),
                arguments("""
                        masking:
                          encounters:
                            admitted_at: {shift_date: {max_days: 30}}
                            discharged_at: {shift_date: {max_days: 60}}
                        """, List.of("4:20: 'masking.encounters.discharged_at' shifts dates by up to 60 days but "
                        + "'masking.encounters.admitted_at' (line 3) by up to 30: all dates of a lease move by one "
                        + "offset, so every shift_date rule must have the same max_days")),
                // detectors
                arguments("""
                        detectors:
                          mrn_patterns: ['MRN(\\d+']
                        """, List.of("2:18: 'detectors.mrn_patterns[0]' is not a valid regular expression: Unclosed "
                        + "group near index 7 in 'MRN(\\d+'")),
                arguments("""
                        detectors:
                          mrn_patterns: ['\\d*']
                        """, List.of("2:18: 'detectors.mrn_patterns[0]' matches the empty string, so it would flag "
                        + "every value; make it match at least one character (e.g. MRN\\d{8})")),
                arguments("""
                        detectors:
                          phone: off
                        """, List.of("2:10: 'detectors.phone' must be true or false, got 'off'")),
                arguments("""
                        detectors:
                          replacement: stars
                        """, List.of("2:16: 'detectors.replacement' must be one of tag, mask; got 'stars'")),
                // record keys
                arguments("record_keys: [mrn]",
                        List.of("1:15: 'record_keys[0]' must be table.column in lower case, like patients.mrn, got 'mrn'")),
                arguments("record_keys: [patients.email]", List.of("1:15: record key 'patients.email' references a "
                        + "column not listed in access.tables.patients (listed: " + PATIENT_COLUMNS + ")")),
                // hold rules
                arguments("""
                        hold:
                          - when: sometimes
                        """, List.of("2:11: 'hold[0].when' must be one of no_where, estimated_rows_above, any_write; "
                        + "got 'sometimes'")),
                arguments("""
                        hold:
                          - when: estimated_rows_above
                        """, List.of("2:5: missing required key 'rows' in 'hold[0]'")),
                arguments("""
                        hold:
                          - when: no_where
                            tables: [labs]
                        """, List.of("3:14: 'hold[0].tables[0]' references table 'labs', which access.tables does not "
                        + "list (listed: encounters, patients)")),
                arguments("""
                        approval:
                          required: 0
                        hold:
                          - when: any_write
                        """, List.of("3:1: 'hold' rules need reviewers, but 'approval.from_groups' names no group: "
                        + "list the groups whose members may approve held statements")),
                // YAML features that surprise
                arguments("""
                        requesters:
                          - issuer: local
                            subject: *anything
                        """, List.of("3:14: aliases (*anything) are not allowed in policy files: write the value out "
                        + "in full; a glob or \"*\" must be quoted")),
                arguments("""
                        approval: &review
                          required: 1
                          from_groups: [reviewers]
                        """, List.of("1:11: anchors (&review) are not allowed in policy files: write every value out "
                        + "where it applies")),
                arguments("description: !!str 42", List.of("1:14: YAML tags (tag:yaml.org,2002:str) are not allowed "
                        + "in policy files: quote the value if it must be read as text")),
                arguments("""
                        lease:
                          target: clinic
                          <<: {max_ttl: 1h}
                        """, List.of("3:3: merge keys (<<) are not allowed in policy files: write the keys out in full")),
                arguments("""
                        access:
                          tables:
                            encounters: *
                        """, List.of("3:18: invalid YAML: a bare * starts a YAML alias; quote globs and the column "
                        + "wildcard: \"*\"")),
                arguments("lease:\n\ttarget: clinic\n", List.of("2:1: invalid YAML: found character '\\t(TAB)' that "
                        + "cannot start any token. (Do not use \\t(TAB) for indentation)")));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("snippets")
    void reportsExactlyWhereAndWhat(String snippet, List<String> expected) {
        assertProblems(PolicyTexts.compose(snippet), expected);
    }

    static Stream<Arguments> wholeFiles() {
        return Stream.of(
                arguments("", List.of("1:1: the file holds no YAML document; a policy starts with 'purpose: ...'")),
                arguments("# nothing but a comment\n",
                        List.of("1:1: the file holds no YAML document; a policy starts with 'purpose: ...'")),
                arguments("- purpose: study-42\n", List.of("1:1: a policy file must be a mapping with the keys "
                        + TOP_LEVEL_KEYS + "; got a list")),
                arguments(PolicyTexts.valid() + "---\npurpose: other\n", List.of("16:1: a policy file holds exactly "
                        + "one YAML document; remove the second one (after '---')")),
                arguments("a: " + "[".repeat(30) + "]".repeat(30) + "\n", List.of("1:24: lists and mappings are nested "
                        + "more than 20 levels deep; no policy needs that")));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("wholeFiles")
    void reportsProblemsOfTheWholeText(String text, List<String> expected) {
        assertProblems(text, expected);
    }

    private void assertProblems(String text, List<String> expected) {
        assertThatThrownBy(() -> loader.parse(FILE, text))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems())
                        .extracting(PolicyProblem::toString)
                        .containsExactlyElementsOf(expected.stream().map(problem -> FILE + ":" + problem).toList()));
    }
}
