/// The cohort's tables on the server, in the PostgreSQL schema `tutor`, one migration per
/// change, recorded in `tutor.schema_version`. Never edit or remove a migration: add one.
///
/// Who may do what is PostgreSQL's to enforce, not the tutor's: every table is owned by
/// `tutor_owner`, a role nobody logs in as, with row-level security forced, so a learner's
/// connection reads and writes only the learner's own rows and a teacher's reads only the rows
/// of learners in the teacher's cohorts, whatever SQL it sends.
public enum ServerSchema {
    public struct Migration: Sendable {
        public var version: Int
        public var description: String
        public var sql: String
    }

    /// The schema version this build knows: a server at a later one is refused.
    public static var version: Int { migrations.last?.version ?? 0 }

    /// Created before the first migration, so that its version can be recorded and read by
    /// anyone (a role not yet granted anything gets a clear message, not "permission denied").
    static let bootstrap = """
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tutor_owner') THEN CREATE ROLE tutor_owner NOLOGIN; END IF;
        END $$;
        CREATE SCHEMA IF NOT EXISTS tutor AUTHORIZATION tutor_owner;
        CREATE TABLE IF NOT EXISTS tutor.schema_version (
          version integer PRIMARY KEY,
          description text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        );
        ALTER TABLE tutor.schema_version OWNER TO tutor_owner;
        GRANT USAGE ON SCHEMA tutor TO PUBLIC;
        GRANT SELECT ON tutor.schema_version TO PUBLIC;
        """

    public static let migrations: [Migration] = [
        Migration(version: 1, description: "roles, cohorts, members, records, row-level security", sql: """
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tutor_learner') THEN CREATE ROLE tutor_learner NOLOGIN; END IF;
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tutor_teacher') THEN CREATE ROLE tutor_teacher NOLOGIN; END IF;
            END $$;

            CREATE TABLE tutor.cohorts (
              id bigserial PRIMARY KEY,
              name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
              join_code text NOT NULL UNIQUE CHECK (join_code ~ '^[A-Z0-9-]{6,20}$'),
              teacher name NOT NULL DEFAULT current_user,
              created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE tutor.members (
              cohort_id bigint NOT NULL REFERENCES tutor.cohorts ON DELETE CASCADE,
              learner name NOT NULL,
              joined_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (cohort_id, learner)
            );
            CREATE INDEX members_learner ON tutor.members (learner);
            -- Append-only: each version of a learner's row is one record, its id the SHA-256 of
            -- its canonical JSON, which the server checks.
            CREATE TABLE tutor.records (
              seq bigserial PRIMARY KEY,
              learner name NOT NULL DEFAULT current_user,
              id text NOT NULL CHECK (id = encode(sha256(convert_to(data, 'UTF8')), 'hex')),
              kind text NOT NULL CHECK (kind IN ('profile', 'item', 'event', 'card', 'review', 'verification', 'exercise')),
              data text NOT NULL CHECK (length(data) <= 200000),
              received_at timestamptz NOT NULL DEFAULT now(),
              UNIQUE (learner, id)
            );
            CREATE INDEX records_learner_seq ON tutor.records (learner, seq);

            ALTER TABLE tutor.cohorts OWNER TO tutor_owner;
            ALTER TABLE tutor.members OWNER TO tutor_owner;
            ALTER TABLE tutor.records OWNER TO tutor_owner;
            ALTER TABLE tutor.cohorts ENABLE ROW LEVEL SECURITY;
            ALTER TABLE tutor.cohorts FORCE ROW LEVEL SECURITY;
            ALTER TABLE tutor.members ENABLE ROW LEVEL SECURITY;
            ALTER TABLE tutor.members FORCE ROW LEVEL SECURITY;
            ALTER TABLE tutor.records ENABLE ROW LEVEL SECURITY;
            ALTER TABLE tutor.records FORCE ROW LEVEL SECURITY;

            -- The learners in the connected role's cohorts, whether it is in cohort `p_cohort`,
            -- and whether it teaches it: run as the owner, so the policies that call them do not
            -- recurse. The teacher's policy on records reads the learners as a set, once per query
            -- (a hashed subplan): a function of the row's learner ran once per record, 1.4 of the
            -- 1.6 seconds of reading 200 learners' 90,000 records.
            CREATE FUNCTION tutor.taught_learners() RETURNS SETOF name
              LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
                SELECT m.learner FROM tutor.members m JOIN tutor.cohorts c ON c.id = m.cohort_id WHERE c.teacher = session_user
              $$;
            CREATE FUNCTION tutor.is_member(p_cohort bigint) RETURNS boolean
              LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
                SELECT EXISTS (SELECT 1 FROM tutor.members WHERE cohort_id = p_cohort AND learner = session_user)
              $$;
            CREATE FUNCTION tutor.teaches_cohort(p_cohort bigint) RETURNS boolean
              LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
                SELECT EXISTS (SELECT 1 FROM tutor.cohorts WHERE id = p_cohort AND teacher = session_user)
              $$;
            -- Joining by code: the one way into members, for a learner who knows the code.
            CREATE FUNCTION tutor.join_cohort(p_code text) RETURNS TABLE (cohort_name text, cohort_teacher name)
              LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
              DECLARE found_id bigint; found_name text; found_teacher name;
              BEGIN
                IF NOT pg_has_role(session_user, 'tutor_learner', 'MEMBER') THEN
                  RAISE EXCEPTION 'role % is not a learner', session_user USING ERRCODE = '42501',
                    HINT = 'a database owner runs: GRANT tutor_learner TO ' || quote_ident(session_user);
                END IF;
                SELECT id, name, teacher INTO found_id, found_name, found_teacher FROM tutor.cohorts WHERE join_code = upper(p_code);
                IF NOT FOUND THEN
                  RAISE EXCEPTION 'no cohort has the join code %', p_code USING ERRCODE = 'P0002';
                END IF;
                INSERT INTO tutor.members (cohort_id, learner) VALUES (found_id, session_user) ON CONFLICT DO NOTHING;
                RETURN QUERY SELECT found_name, found_teacher;
              END $$;
            ALTER FUNCTION tutor.taught_learners() OWNER TO tutor_owner;
            ALTER FUNCTION tutor.is_member(bigint) OWNER TO tutor_owner;
            ALTER FUNCTION tutor.teaches_cohort(bigint) OWNER TO tutor_owner;
            ALTER FUNCTION tutor.join_cohort(text) OWNER TO tutor_owner;
            REVOKE ALL ON FUNCTION tutor.taught_learners(), tutor.is_member(bigint), tutor.teaches_cohort(bigint), tutor.join_cohort(text) FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION tutor.is_member(bigint), tutor.teaches_cohort(bigint) TO tutor_learner, tutor_teacher;
            GRANT EXECUTE ON FUNCTION tutor.taught_learners() TO tutor_teacher;
            GRANT EXECUTE ON FUNCTION tutor.join_cohort(text) TO tutor_learner;

            -- The owner's own policies, for the functions above; nobody logs in as it.
            CREATE POLICY owner_all ON tutor.cohorts TO tutor_owner USING (true) WITH CHECK (true);
            CREATE POLICY owner_all ON tutor.members TO tutor_owner USING (true) WITH CHECK (true);
            -- Teachers create cohorts in their own name and see only those.
            CREATE POLICY teacher_own ON tutor.cohorts FOR SELECT TO tutor_teacher USING (teacher = current_user);
            CREATE POLICY teacher_create ON tutor.cohorts FOR INSERT TO tutor_teacher WITH CHECK (teacher = current_user);
            -- Learners see the cohorts they joined, their own memberships, and leave them.
            CREATE POLICY learner_joined ON tutor.cohorts FOR SELECT TO tutor_learner USING (tutor.is_member(id));
            CREATE POLICY learner_own ON tutor.members FOR SELECT TO tutor_learner USING (learner = current_user);
            CREATE POLICY learner_leave ON tutor.members FOR DELETE TO tutor_learner USING (learner = current_user);
            CREATE POLICY teacher_members ON tutor.members FOR SELECT TO tutor_teacher USING (tutor.teaches_cohort(cohort_id));
            -- Records: a learner's own, written and read; a teacher reads their learners'.
            CREATE POLICY learner_read ON tutor.records FOR SELECT TO tutor_learner USING (learner = current_user);
            CREATE POLICY learner_write ON tutor.records FOR INSERT TO tutor_learner WITH CHECK (learner = current_user);
            CREATE POLICY teacher_read ON tutor.records FOR SELECT TO tutor_teacher USING (learner IN (SELECT tutor.taught_learners()));

            GRANT SELECT, INSERT ON tutor.cohorts TO tutor_teacher;
            GRANT USAGE ON SEQUENCE tutor.cohorts_id_seq TO tutor_teacher;
            GRANT SELECT (id, name, join_code, teacher, created_at) ON tutor.cohorts TO tutor_learner;
            GRANT SELECT, DELETE ON tutor.members TO tutor_learner;
            GRANT SELECT ON tutor.members TO tutor_teacher;
            GRANT SELECT, INSERT ON tutor.records TO tutor_learner;
            GRANT USAGE ON SEQUENCE tutor.records_seq_seq TO tutor_learner;
            GRANT SELECT ON tutor.records TO tutor_teacher;
            """),
    ]
}

extension ServerSchema {
    /// A script's statements, one by one (the extended protocol takes one at a time): split at
    /// semicolons outside quotes, dollar-quoted bodies and comments.
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var dollarTag: String?
        var inQuote = false, inComment = false
        let characters = Array(script)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            current.append(character)
            if inComment {
                if character == "\n" { inComment = false }
            } else if let tag = dollarTag {
                if character == "$", current.hasSuffix(tag) { dollarTag = nil }
            } else if inQuote {
                if character == "'" { inQuote = false }
            } else if character == "'" {
                inQuote = true
            } else if character == "-", index + 1 < characters.count, characters[index + 1] == "-" {
                inComment = true
            } else if character == "$", let end = characters[(index + 1)...].firstIndex(where: { !($0.isLetter || $0 == "_") }), characters[end] == "$" {
                let tag = "$" + String(characters[(index + 1)..<end]) + "$"
                current.append(contentsOf: characters[(index + 1)...end])
                index = end
                dollarTag = tag
            } else if character == ";" {
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if statement.count > 1 { statements.append(statement) }
                current = ""
            }
            index += 1
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty, !rest.split(separator: "\n").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }) { statements.append(rest) }
        return statements
    }
}
