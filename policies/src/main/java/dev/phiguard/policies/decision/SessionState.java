package dev.phiguard.policies.decision;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the engine remembers about one proxied session: the SQL cursors it declared and the statements it prepared,
 * each with the plan of the rows it returns. {@link PolicyEngine#decide} updates it when it allows (or holds) a
 * DECLARE, PREPARE, CLOSE, DEALLOCATE or DISCARD; FETCH and EXECUTE are allowed only for names it knows.
 *
 * <p><b>Names are never forgotten, only closed.</b> The engine decides before the server runs a statement and never
 * learns whether it succeeded: a CLOSE in a string whose earlier statement failed is never run, a DECLARE of a name
 * that already exists fails on the server. So for every name the state keeps every plan ever declared under it, keyed
 * by the column names of the plan, merged column by column into the stricter treatment. FETCH gets the merged plan
 * for the column names of the latest declaration; rows that really come from an older declaration with other column
 * names are caught by the proxy's comparison of names with the RowDescription, and those with the same names are
 * covered by the merge. CLOSE and DEALLOCATE only mark a name closed, so that FETCH and EXECUTE of it are refused.
 *
 * <p>One session is used by one thread at a time; every method is synchronised anyway. Bounded: at most
 * {@value #MAX_NAMES} cursor names and {@value #MAX_NAMES} statement names, each declared with at most
 * {@value #MAX_SHAPES_PER_NAME} different column lists; beyond that the engine denies ({@link Rules#SESSION_LIMIT}).
 */
public final class SessionState {

    /** The most cursor names, and the most prepared statement names, one session may use. */
    public static final int MAX_NAMES = 256;
    /** The most different column lists one name may be declared with. */
    public static final int MAX_SHAPES_PER_NAME = 64;
    /** How many recently decided strings keep the plans of their FETCH and EXECUTE statements. */
    static final int MAX_REMEMBERED_STRINGS = 32;
    /** Longer strings are not remembered: their FETCH and EXECUTE plans come from the state when asked. */
    static final int MAX_REMEMBERED_LENGTH = 16 * 1024;

    final Object lock = new Object();
    private final Map<String, Named> cursors = new HashMap<>();
    private final Map<String, Named> prepared = new HashMap<>();
    private final LinkedHashMap<String, ResultPlan[]> decided = new LinkedHashMap<>(16, 0.75f, true);

    /** An empty state, for a new session. */
    public SessionState() {
    }

    /** @return the cursors declared through phiguard and not closed since, sorted */
    public Set<String> openCursors() {
        synchronized (lock) {
            return open(cursors);
        }
    }

    /** @return the prepared statements prepared through phiguard and not deallocated since, sorted */
    public Set<String> preparedStatements() {
        synchronized (lock) {
            return open(prepared);
        }
    }

    private static Set<String> open(Map<String, Named> names) {
        Set<String> open = new TreeSet<>();
        names.forEach((name, named) -> {
            if (named.open) {
                open.add(name);
            }
        });
        return Collections.unmodifiableSet(open);
    }

    /** Changes made while one string is decided; applied only if the string is allowed or held. Hold {@link #lock}. */
    Draft draft() {
        return new Draft();
    }

    /** The plan of a FETCH or EXECUTE statement, as decided, else from the current state. */
    ResultPlan sessionPlan(String sql, int statementIndex, boolean cursor, String name) {
        synchronized (lock) {
            ResultPlan[] plans = decided.get(sql);
            if (plans != null && statementIndex < plans.length && plans[statementIndex] != null) {
                return plans[statementIndex];
            }
            Named named = (cursor ? cursors : prepared).get(name);
            if (named == null) {
                return ResultPlan.unknown((cursor ? "cursor " : "prepared statement ") + name
                        + " was not declared in this session through phiguard");
            }
            return named.plan();
        }
    }

    /** The current plan of a cursor (or portal) name, if the session knows it. */
    Optional<ResultPlan> cursorPlan(String name) {
        synchronized (lock) {
            return Optional.ofNullable(cursors.get(name)).map(Named::plan);
        }
    }

    /** Records a protocol-level statement or portal name; false when a bound is reached. */
    boolean register(boolean cursor, String name, ResultPlan plan) {
        synchronized (lock) {
            Draft draft = new Draft();
            boolean added = (cursor ? draft.cursors : draft.prepared).add(name, plan).isEmpty();
            if (added) {
                draft.commit(null);
            }
            return added;
        }
    }

    /** Every plan declared under one name, keyed by column names, merged; whether it is open. */
    private static final class Named {
        private static final List<String> UNKNOWN = List.of("\0unknown");

        boolean open;
        List<String> latest;
        final LinkedHashMap<List<String>, ResultPlan> shapes = new LinkedHashMap<>();

        Named copy() {
            Named copy = new Named();
            copy.open = open;
            copy.latest = latest;
            copy.shapes.putAll(shapes);
            return copy;
        }

        ResultPlan plan() {
            ResultPlan poisoned = shapes.get(UNKNOWN);
            return poisoned != null ? poisoned : shapes.get(latest);
        }

        static List<String> key(ResultPlan plan) {
            return plan.isUnknown() ? UNKNOWN : plan.columnNames();
        }
    }

    /** The names of one kind (cursors or prepared statements) as a draft sees them. */
    final class Overlay {
        private final Map<String, Named> base;
        private final Map<String, Named> changed = new HashMap<>();
        private final String what;
        private boolean allClosed;

        private Overlay(Map<String, Named> base, String what) {
            this.base = base;
            this.what = what;
        }

        private Named get(String name) {
            Named named = changed.get(name);
            if (named != null) {
                return named;
            }
            named = base.get(name);
            if (named != null && allClosed) {
                named = named.copy();
                named.open = false;
                changed.put(name, named);
            }
            return named;
        }

        private Named mutable(String name) {
            Named named = changed.get(name);
            if (named == null) {
                Named existing = base.get(name);
                named = existing == null ? new Named() : existing.copy();
                if (allClosed) {
                    named.open = false;
                }
                changed.put(name, named);
            }
            return named;
        }

        boolean known(String name) {
            return get(name) != null;
        }

        boolean isOpen(String name) {
            Named named = get(name);
            return named != null && named.open;
        }

        /** The plan of a known name. */
        ResultPlan plan(String name) {
            Named named = get(name);
            return named == null ? ResultPlan.unknown(what + " " + name + " is unknown") : named.plan();
        }

        /** Declares a name with the plan of its rows; a Deny when a bound is reached. */
        Optional<Verdict.Deny> add(String name, ResultPlan plan) {
            Named existing = get(name);
            if (existing == null && size() >= MAX_NAMES) {
                return Optional.of(new Verdict.Deny(Rules.SESSION_LIMIT, "this session has used " + MAX_NAMES + " "
                        + what + " names, the most phiguard tracks; reuse a name"));
            }
            List<String> key = Named.key(plan);
            if (existing != null && !existing.shapes.containsKey(key) && existing.shapes.size() >= MAX_SHAPES_PER_NAME) {
                return Optional.of(new Verdict.Deny(Rules.SESSION_LIMIT, what + " " + name + " has been declared with "
                        + MAX_SHAPES_PER_NAME + " different column lists in this session, the most phiguard tracks; "
                        + "use another name"));
            }
            Named named = mutable(name);
            named.shapes.merge(key, plan, PlanBuilder::merge);
            named.latest = key;
            named.open = true;
            return Optional.empty();
        }

        void close(String name) {
            if (known(name)) {
                mutable(name).open = false;
            }
        }

        void closeAll() {
            allClosed = true;
            changed.values().forEach(named -> named.open = false);
        }

        private int size() {
            int size = base.size();
            for (String name : changed.keySet()) {
                if (!base.containsKey(name)) {
                    size++;
                }
            }
            return size;
        }

        private void commit() {
            if (allClosed) {
                base.values().forEach(named -> named.open = false);
            }
            base.putAll(changed);
        }
    }

    /** The changes of one decided string. */
    final class Draft {
        final Overlay cursors = new Overlay(SessionState.this.cursors, "cursor");
        final Overlay prepared = new Overlay(SessionState.this.prepared, "prepared statement");
        private final Map<Integer, ResultPlan> plans = new HashMap<>();
        private int statements;

        /** Remembers the plan a FETCH or EXECUTE statement had when it was decided. */
        void plan(int statementIndex, ResultPlan plan) {
            plans.put(statementIndex, plan);
            statements = Math.max(statements, statementIndex + 1);
        }

        /** Applies the changes; {@code sql} (may be null) keys the remembered plans. */
        void commit(String sql) {
            cursors.commit();
            prepared.commit();
            if (sql != null && !plans.isEmpty() && sql.length() <= MAX_REMEMBERED_LENGTH) {
                ResultPlan[] remembered = new ResultPlan[statements];
                plans.forEach((index, plan) -> remembered[index] = plan);
                decided.put(sql, remembered);
                var iterator = decided.entrySet().iterator();
                while (decided.size() > MAX_REMEMBERED_STRINGS && iterator.hasNext()) {
                    iterator.next();
                    iterator.remove();
                }
            }
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "SessionState[cursors=" + open(cursors) + ", prepared=" + open(prepared) + "]";
        }
    }
}
