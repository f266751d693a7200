package dev.phiguard.policies.sql;

import dev.phiguard.policies.sql.lex.LexicalException;
import dev.phiguard.policies.sql.lex.PgLexer;
import dev.phiguard.policies.sql.lex.StatementText;
import dev.phiguard.policies.sql.lex.Token;
import dev.phiguard.policies.sql.lex.TokenType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The statements the shape cache is checked on, and variants of them with other constants: every statement of the
 * analyser's case tables, pgbench's built-in scripts, and cases chosen to trip a shape key.
 */
final class ShapeCorpus {

    /** A catalog with pgbench's tables beside the clinic's. */
    static final StaticCatalog PGBENCH_CATALOG = StaticCatalog.builder()
            .table("public.pgbench_accounts", "aid", "bid", "abalance", "filler")
            .table("public.pgbench_tellers", "tid", "bid", "tbalance", "filler")
            .table("public.pgbench_branches", "bid", "bbalance", "filler")
            .table("public.pgbench_history", "tid", "bid", "aid", "delta", "mtime", "filler")
            .table("public.patients", Fixtures.PATIENT_COLUMNS)
            .view("public.ssn_last4", "select id, right(ssn, 4) as last4 from patients", "id", "last4")
            .build();

    /** pgbench's built-in scripts (tpcb-like, simple-update, select-only) as simple-protocol text. */
    static final List<String> PGBENCH = List.of(
            "BEGIN;",
            "UPDATE pgbench_accounts SET abalance = abalance + -4932 WHERE aid = 48213;",
            "SELECT abalance FROM pgbench_accounts WHERE aid = 48213;",
            "UPDATE pgbench_tellers SET tbalance = tbalance + 1207 WHERE tid = 7;",
            "UPDATE pgbench_branches SET bbalance = bbalance + -4932 WHERE bid = 1;",
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (7, 1, 48213, -4932, CURRENT_TIMESTAMP);",
            "END;",
            "SELECT id, mrn, ssn, notes FROM patients WHERE id = 1234;");

    /** Statements chosen to break a shape key that merged too much. */
    static final List<String> TRICKY = List.of(
            // row limits read by hold rules, across the 1000 of study-42
            "select ssn from patients limit 10",
            "select ssn from patients where id > 5 limit 5000",
            "select ssn from patients order by id limit 999 offset 20",
            "select ssn from patients fetch first 1001 rows only",
            "select ssn from patients offset 5 rows fetch next 3 rows only",
            "select ssn from patients limit (5)",
            "select ssn from patients limit -1",
            "select ssn from patients limit 2 + 3",
            "select * from (select ssn from patients limit 10) s where s.ssn = '1' limit 2000",
            "(select ssn from patients limit 3) union (select ssn from patients limit 4000)",
            "with c as (select ssn from patients limit 7) select * from c where ssn like 'x%' limit 1000",
            "declare c cursor for select ssn from patients limit 1500",
            "explain select ssn from patients limit 10",
            // positional references
            "select ssn, mrn from patients order by 1",
            "select ssn, mrn from patients order by 2 desc, 1",
            "select mrn, count(*) from patients group by 1 having count(*) > 5 order by 2",
            "select ssn, mrn from patients where id = 3 order by mrn, 2",
            // relations and functions named by constants
            "select 'patients'::regclass",
            "select * from pg_class where oid = 'patients'::regclass",
            "select cast('patients' as regclass)",
            "select regclass 'patients'",
            "select 'lower'::regproc",
            "select set_config('search_path', 'audit', false)",
            "select current_setting('search_path')",
            "select query_to_xml('select ssn from patients', true, false, '')",
            "select pg_read_file('/etc/passwd')",
            "select format('%I', 'ssn'), format('%s', ssn) from patients",
            "select nextval('patients_id_seq')",
            // string constants holding SQL, quotes and dollar signs
            "select ssn from patients where notes = 'select ssn from patients; drop table patients'",
            "select ssn from patients where notes = 'it''s -- not a comment /* nor this */'",
            "select ssn from patients where notes = $$ it's $ $$",
            "select ssn from patients where notes = $tag$ $$ nested $$ $tag$",
            "select ssn from patients where notes = E'line\\nbreak \\' quote'",
            "select ssn from patients where notes = U&'d\\0061t\\+000061'",
            "select ssn from patients where mrn = B'1010' or mrn = X'1F'",
            "select ssn from patients where notes = 'a'\n  'b'",
            "select ssn from patients where notes = N'national'",
            // comments holding constants
            "select ssn /* limit 5 */ from patients -- where id = 7\n where id = 8",
            "/* 'x' */ select ssn from patients where id = /* 9 */ 10",
            // numeric and string constants in one place, negative numbers, odd numbers
            "select ssn from patients where id = 5",
            "select ssn from patients where id = '5'",
            "select ssn from patients where id = -5",
            "select ssn from patients where id = - 5",
            "select ssn from patients where id = 5.5",
            "select ssn from patients where id = .5",
            "select ssn from patients where id = 5e3",
            "select ssn from patients where id = 0x1F",
            "select ssn from patients where id = 1_000",
            "select ssn from patients where id = 123456789012345678901234567890",
            "select ssn from patients where id between 1 and 10",
            // IN lists of different lengths
            "select ssn from patients where id in (1)",
            "select ssn from patients where id in (1, 2, 3)",
            "select ssn from patients where mrn in ('a', 'b')",
            "select ssn from patients where id = any('{1,2}')",
            "select ssn from patients where id = any(array[1, 2])",
            // typed constants
            "select ssn from patients where dob > date '2000-01-01'",
            "select ssn from patients where dob > '2000-01-01'::date",
            "select ssn from patients where dob > now() - interval '30 days'",
            "select interval '1' day",
            "select timestamp with time zone '2020-01-01 00:00+00'",
            "select 5::text, '5'::int, cast(5 as text)",
            // identifiers that look like constants, and constants as outputs
            "select \"1\", \"'x'\" from patients",
            "select t1.ssn from patients t1 where t1.id = 1",
            "select 1, 'a', 1.5, 'x' as \"5\" from patients",
            "select ssn, 42 from patients",
            "select case when id = 1 then 'x' else ssn end from patients",
            "select coalesce(ssn, 'none') from patients",
            "select ssn || 'x' from patients",
            "select substring(ssn from 1 for 3) from patients",
            "select (p).ssn from patients p where id = 1",
            "select notes[1] from patients",
            // sub-queries, modifications, several statements
            "select ssn from patients where exists (select 1 from patients where id = 5) and id = 6",
            "select ssn from patients where id in (select id from patients where mrn = 'm' limit 1001)",
            "insert into patients (id, ssn) values (1, '123-45-6789'), (2, 'x') returning ssn",
            "update patients set notes = 'n' where id = 3 returning ssn",
            "delete from patients where id = 4 returning ssn",
            "select ssn from patients where id = 1; select mrn from patients limit 2000",
            // statements read token by token
            "copy patients to stdout with (format 'binary')",
            "copy patients to stdout with (format 'csv')",
            "copy patients to '/tmp/out'",
            "set search_path = 'audit'",
            "set statement_timeout = 5000",
            "fetch 5 from c",
            "move -1 in c",
            "prepare transaction 'x'",
            "prepare p as select ssn from patients where id = 1 limit 1001",
            "execute p(5)",
            // not analysable for a value-independent reason, and for a length reason
            "select ssn from patients where id = 5 garbage",
            "select ssn from patients where id = 'abc' 'def'",
            "select ssn from patients where id = 5 limit");

    private static final String[] NUMBERS = {"0", "1", "2", "7", "999", "1000", "1001", "5000", "48213", "2.5",
        "-3", "123456789012345678901234", "1e3", "'5'"};
    private static final String[] STRINGS = {"", "x", "NJ", "select ssn from patients", "it's", "$$", "patients",
        "pg_catalog.pg_class", "a;b", "/* c */ --", "binary", "csv", "1000", "\\", "search_path", "lower", "%I",
        "2000-01-01", "1 day", "{1,2}", "OPERATOR(pg_catalog.+)", "e'x'"};

    private ShapeCorpus() {
    }

    /** @return every statement: the case tables' strings, pgbench's, and the tricky ones */
    static List<String> statements() {
        Set<String> all = new LinkedHashSet<>();
        Stream.of(LineageCasesTest.cases(), FilterCasesTest.cases(), ModificationCasesTest.cases(),
                StatementKindCasesTest.cases(), UnanalysableCasesTest.cases())
                .flatMap(s -> s)
                .map(Arguments::get)
                .forEach(arguments -> {
                    for (Object argument : arguments) {
                        if (argument instanceof String text) {
                            all.add(text);
                        }
                    }
                });
        all.addAll(PGBENCH);
        all.addAll(TRICKY);
        return List.copyOf(all);
    }

    /**
     * @param sql a statement
     * @param count how many variants
     * @param random the source of choices
     * @return variants of the statement with other constants (the statement itself if it has none or does not lex)
     */
    static List<String> variants(String sql, int count, Random random) {
        List<Token> constants = new ArrayList<>();
        try {
            for (StatementText statement : new PgLexer(AnalyzerSettings.defaults().maxNestingDepth()).split(sql)) {
                for (Token token : statement.tokens()) {
                    if (token.type() == TokenType.STRING || token.type() == TokenType.NUMBER) {
                        constants.add(token);
                    }
                }
            }
        } catch (LexicalException e) {
            return List.of(sql);
        }
        List<String> variants = new ArrayList<>();
        for (int v = 0; v < count; v++) {
            StringBuilder out = new StringBuilder();
            int at = 0;
            for (Token token : constants) {
                out.append(sql, at, token.start());
                String original = sql.substring(token.start(), token.end());
                out.append(random.nextInt(4) == 0 ? original : replacement(original, token.type(), random));
                at = token.end();
            }
            out.append(sql.substring(at));
            variants.add(out.toString());
        }
        return variants;
    }

    private static String replacement(String original, TokenType type, Random random) {
        if (type == TokenType.NUMBER) {
            return NUMBERS[random.nextInt(NUMBERS.length)];
        }
        if (random.nextInt(8) == 0) {
            return NUMBERS[random.nextInt(NUMBERS.length)];
        }
        String content = STRINGS[random.nextInt(STRINGS.length)];
        char first = original.charAt(0);
        if (first == '\'') {
            return "'" + content.replace("'", "''") + "'";
        }
        if (first == 'e' || first == 'E') {
            return first + "'" + content.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (first == '$') {
            return "$q$" + content + "$q$";
        }
        return original; // B'', X'', N'', U&'': constrained contents, kept
    }
}
