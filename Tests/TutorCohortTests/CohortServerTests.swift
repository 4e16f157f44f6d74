import Foundation
import Testing
import TutorCohort
import TutorKit

/// Cohort mode against a real PostgreSQL server: a throwaway cluster per test.
@Suite("cohort mode on PostgreSQL", .serialized)
struct CohortServerTests {
    static let teacherPassword = "teach-pw-1", learnerPassword = "learn-pw-1"

    /// A cluster set up as a database owner would, with a teacher and `learners`, and a cohort.
    static func classroom(_ cluster: PostgresCluster, learners: [String]) async throws -> (teacher: Machine, code: String) {
        try cluster.sql("SELECT 1")
        let admin = try Machine(cluster: cluster, role: PostgresCluster.admin, password: PostgresCluster.adminPassword)
        defer { admin.remove() }
        let setup = try await admin.cohort("setup")
        #expect((setup as? CohortSetupResult)?.to == ServerSchema.version)
        try cluster.createRole("teacher_t", password: teacherPassword, group: "tutor_teacher")
        for learner in learners { try cluster.createRole(learner, password: learnerPassword, group: "tutor_learner") }
        let teacher = try Machine(cluster: cluster, role: "teacher_t", password: teacherPassword)
        let created = try #require(try await teacher.cohort("create", "Backend", "spring") as? CohortCreated)
        #expect(created.cohort == "Backend spring")
        return (teacher, created.code)
    }

    @Test("two learners and a teacher: the report matches what each learner's own progress says")
    func twoLearnersAndATeacher() async throws {
        try await PostgresCluster.with { cluster in
            let (teacher, code) = try await Self.classroom(cluster, learners: ["ana", "ben"])
            let ana = try Machine(cluster: cluster, role: "ana", password: Self.learnerPassword)
            let ben = try Machine(cluster: cluster, role: "ben", password: Self.learnerPassword)
            defer { [teacher, ana, ben].forEach { $0.remove() } }
            try ana.read("http-fundamentals", lessons: 1...4)
            try ana.open("http-fundamentals", lesson: 5)
            try ana.giveUp("http-fundamentals", exercise: "status-codes-1", lesson: 2)
            try ben.read("http-fundamentals", lessons: 1...2)
            try ben.open("http-fundamentals", lesson: 3)
            let joined = try #require(try await ana.cohort("join", code.lowercased()) as? CohortJoined)
            #expect(joined.cohort == "Backend spring")
            #expect(joined.sync.pushed == (try ana.recordIds().count))
            try await ben.cohort("join", code)

            let report = try #require(try await teacher.cohort("report") as? CohortReport)
            #expect(report.learners.map(\.learner) == ["ana", "ben"])
            let catalog = Catalog.load(from: URL(fileURLWithPath: Machine.contentRoot))
            for (machine, row) in zip([ana, ben], report.learners) {
                let (store, profile) = try machine.store()
                let engine = PathEngine(path: try #require(catalog.paths["backend"]), catalog: catalog, stack: profile.stack)
                let own = try ProgressReport(engine: engine, store: store, profile: profile, mastery: [:], now: report.generatedAt, days: .current)
                #expect(row.lessonsRead == own.areas.reduce(0) { $0 + $1.lessonsDone })
                #expect(row.lessonsPractised == own.lessonsPractised.done)
                #expect(row.level == own.currentLevel)
                #expect(row.streakDays == own.streakDays)
                #expect(row.exercisesGivenUp == own.exercisesGivenUp)
            }
            #expect(report.learners[0].lessonsRead == 4 && report.learners[1].lessonsRead == 2)
            #expect(report.learners[0].openLesson == "lesson:http-fundamentals/5")
            let stops = Dictionary(uniqueKeysWithValues: report.lessons.map { ($0.lesson, $0) })
            #expect(stops["lesson:http-fundamentals/5"]?.learnersHere == 1)
            #expect(stops["lesson:http-fundamentals/3"]?.learnersHere == 1)
            #expect(stops["lesson:http-fundamentals/2"]?.gaveUp == 1)
            #expect(report.csv.split(separator: "\r\n").count == 3)

            // Ben leaves: the teacher no longer sees him.
            let left = try #require(try await ben.cohort("leave") as? CohortLeft)
            #expect(left.server)
            let after = try #require(try await teacher.cohort("report", code) as? CohortReport)
            #expect(after.learners.map(\.learner) == ["ana"])
        }
    }

    @Test("one learner on two machines converges, and syncing again changes nothing")
    func twoMachinesConverge() async throws {
        try await PostgresCluster.with { cluster in
            let (teacher, code) = try await Self.classroom(cluster, learners: ["ana"])
            let laptop = try Machine(cluster: cluster, role: "ana", password: Self.learnerPassword)
            let desktop = try Machine(cluster: cluster, role: "ana", password: Self.learnerPassword)
            defer { [teacher, laptop, desktop].forEach { $0.remove() } }
            try laptop.read("http-fundamentals", lessons: 1...3, at: Date().addingTimeInterval(-7200))
            try desktop.read("sql-databases", lessons: 1...2, at: Date().addingTimeInterval(-3600))
            // The same lesson finished later on the desktop: the newer work wins on both.
            try desktop.read("http-fundamentals", lessons: 3...3)
            try await laptop.cohort("join", code)
            try await desktop.cohort("join", code)
            let third = try #require(try await laptop.cohort("sync") as? CohortSyncSummary)
            #expect(third.pulled > 0)
            #expect(try laptop.recordIds() == desktop.recordIds())
            let (laptopStore, laptopProfile) = try laptop.store()
            let (desktopStore, desktopProfile) = try desktop.store()
            #expect(try laptopStore.statuses(for: laptopProfile) == desktopStore.statuses(for: desktopProfile))
            #expect(try laptopStore.events(for: laptopProfile).count == desktopStore.events(for: desktopProfile).count)

            let again = try #require(try await desktop.cohort("sync") as? CohortSyncSummary)
            #expect(again.pushed == 0)
            #expect(again.pulled == 0)

            // Two syncs of one machine at once (two terminals, or one after a command and one by
            // hand): the second waits for the first, or leaves when it is the quiet one.
            try laptop.read("rest-api-design", lessons: 1...3)
            let eventsBefore = try laptopStore.events(for: laptopProfile).count
            async let first = laptop.cohort("sync")
            async let second = laptop.cohort("sync")
            async let quiet: (any CommandResult & TextView)? = {
                do { return try await laptop.cohort("sync", "--quiet") } catch let error as CohortError where error == .busy { return nil }
            }()
            _ = try await (first, second, quiet)
            #expect(try laptopStore.events(for: laptopProfile).count == eventsBefore)
            #expect(try cluster.value("SELECT count(*) - count(DISTINCT id) FROM tutor.records") == "0")
            try await desktop.cohort("sync")
            #expect(try laptop.recordIds() == desktop.recordIds())
            let onServer = try cluster.value("SELECT count(*) FROM tutor.records")
            let distinct = try cluster.value("SELECT count(DISTINCT id) FROM tutor.records")
            #expect(onServer == distinct)
        }
    }

    @Test("a sync cut short by the server stopping mid-batch loses nothing and doubles nothing when resumed")
    func interruptedSyncResumes() async throws {
        try await PostgresCluster.with { cluster in
            let (teacher, code) = try await Self.classroom(cluster, learners: ["ana"])
            var laptop = try Machine(cluster: cluster, role: "ana", password: Self.learnerPassword)
            var desktop = try Machine(cluster: cluster, role: "ana", password: Self.learnerPassword)
            defer { [teacher, laptop, desktop].forEach { $0.remove() } }
            try await laptop.cohort("join", code)
            try await desktop.cohort("join", code)
            try laptop.read("http-fundamentals", lessons: 1...8)
            try laptop.read("sql-databases", lessons: 1...6)
            let local = try laptop.recordIds()
            #expect(local.count > 40)

            // The server goes down while the second batch is written, before it commits.
            laptop.pushBatch = 10
            laptop.statementTimeout = 20
            laptop.observer = { step in if step == .pushCommitting(1) { try cluster.stop() } }
            // (What follows the stop finds the connection closed, or waits out its deadline.)
            await #expect(throws: CohortError.self) { try await laptop.cohort("sync") }
            try cluster.start()
            #expect(try cluster.value("SELECT count(*) FROM tutor.records") == "10")

            laptop.observer = nil
            let resumed = try #require(try await laptop.cohort("sync") as? CohortSyncSummary)
            #expect(resumed.pushed == local.count - 10)
            #expect(try cluster.value("SELECT count(*) FROM tutor.records") == String(local.count))
            #expect(try cluster.value("SELECT count(DISTINCT id) FROM tutor.records") == String(local.count))

            // The other machine's pull is cut short after its first batch, then resumed.
            desktop.pullBatch = 7
            desktop.statementTimeout = 20
            desktop.observer = { step in if step == .pulled(0) { try cluster.stop() } }
            await #expect(throws: CohortError.self) { try await desktop.cohort("sync") }
            try cluster.start()
            desktop.observer = nil
            try await desktop.cohort("sync")
            #expect(try desktop.recordIds() == local)
            let (store, profile) = try desktop.store()
            #expect(try store.events(for: profile).count == (try laptop.store()).0.events(for: (try laptop.store()).1).count)
        }
    }

    @Test("row-level security: a learner's own connection cannot read or write another's rows")
    func rowLevelSecurity() async throws {
        try await PostgresCluster.with { cluster in
            let (teacher, code) = try await Self.classroom(cluster, learners: ["ana", "ben"])
            let ana = try Machine(cluster: cluster, role: "ana", password: Self.learnerPassword)
            let ben = try Machine(cluster: cluster, role: "ben", password: Self.learnerPassword)
            defer { [teacher, ana, ben].forEach { $0.remove() } }
            try ana.read("http-fundamentals", lessons: 1...2)
            try ben.read("sql-databases", lessons: 1...3)
            try await ana.cohort("join", code)
            try await ben.cohort("join", code)
            try cluster.createRole("other_teacher", password: Self.teacherPassword, group: "tutor_teacher")

            let session = try await cluster.session(role: "ana", password: Self.learnerPassword)
            defer { Task { await session.close() } }
            #expect(try await session.strings("SELECT DISTINCT learner::text FROM tutor.records") == ["ana"])
            #expect(try await session.strings("SELECT count(*)::text FROM tutor.records WHERE learner = 'ben'") == ["0"])
            #expect(try await session.strings("SELECT DISTINCT learner::text FROM tutor.members") == ["ana"])
            // Writing as someone else, changing or deleting anything: refused by PostgreSQL.
            let forged = "{\"body\":{},\"kind\":\"item\"}"
            #expect(await session.failure("INSERT INTO tutor.records (learner, id, kind, data) VALUES ('ben', encode(sha256(convert_to('\(forged)', 'UTF8')), 'hex'), 'item', '\(forged)')") == "42501")
            #expect(await session.failure("UPDATE tutor.records SET data = data") == "42501")
            #expect(await session.failure("DELETE FROM tutor.records") == "42501")
            #expect(await session.failure("DELETE FROM tutor.members WHERE learner = 'ben'") == nil)
            #expect(try cluster.value("SELECT count(*) FROM tutor.members WHERE learner = 'ben'") == "1")
            #expect(await session.failure("INSERT INTO tutor.members (cohort_id, learner) SELECT id, 'zoe' FROM tutor.cohorts") == "42501")
            #expect(await session.failure("SET ROLE tutor_owner") == "42501")
            #expect(await session.failure("SET ROLE ben") == "42501")
            // A record whose id is not its content's hash is refused.
            #expect(await session.failure("INSERT INTO tutor.records (id, kind, data) VALUES ('00', 'item', '\(forged)')") == "23514")
            // Another teacher sees none of this cohort.
            let other = try await cluster.session(role: "other_teacher", password: Self.teacherPassword)
            defer { Task { await other.close() } }
            #expect(try await other.strings("SELECT count(*)::text FROM tutor.records") == ["0"])
            #expect(try await other.strings("SELECT count(*)::text FROM tutor.members") == ["0"])
            #expect(try await other.strings("SELECT count(*)::text FROM tutor.cohorts") == ["0"])
            // The cohort's teacher sees both learners, and cannot write.
            let own = try await cluster.session(role: "teacher_t", password: Self.teacherPassword)
            defer { Task { await own.close() } }
            #expect(try await own.strings("SELECT DISTINCT learner::text FROM tutor.records ORDER BY 1") == ["ana", "ben"])
            #expect(await own.failure("DELETE FROM tutor.records") == "42501")
        }
    }

    @Test("a server schema newer than this build is refused with nothing written")
    func newerSchemaRefused() async throws {
        try await PostgresCluster.with { cluster in
            let (teacher, code) = try await Self.classroom(cluster, learners: ["ana"])
            let ana = try Machine(cluster: cluster, role: "ana", password: Self.learnerPassword)
            defer { [teacher, ana].forEach { $0.remove() } }
            try await ana.cohort("join", code)
            try ana.read("http-fundamentals", lessons: 1...3)
            let before = try cluster.value("SELECT count(*) FROM tutor.records")
            try cluster.sql("INSERT INTO tutor.schema_version (version, description) VALUES (\(ServerSchema.version + 1), 'from the future')")
            do {
                try await ana.cohort("sync")
                Issue.record("a newer schema was not refused")
            } catch let error as CohortError {
                #expect(error.message.contains("newer than this backend-tutor knows"))
                #expect(error.message.contains("nothing was written"))
            }
            #expect(try cluster.value("SELECT count(*) FROM tutor.records") == before)
            let (store, profile) = try ana.store()
            #expect(try store.outbox(for: profile, server: ana.environment.value("PGUSER").map { "\($0)@127.0.0.1:\(cluster.port)/tutor" } ?? "", now: Date()).pending.count > 0)
        }
    }

    @Test("with the server down, studying works as before and the next sync carries on")
    func serverDown() async throws {
        try await PostgresCluster.with { cluster in
            let (teacher, code) = try await Self.classroom(cluster, learners: ["ana"])
            let ana = try Machine(cluster: cluster, role: "ana", password: Self.learnerPassword)
            defer { [teacher, ana].forEach { $0.remove() } }
            try await ana.cohort("join", code)
            try cluster.stop()
            try ana.read("http-fundamentals", lessons: 1...2)
            do {
                try await ana.cohort("sync", "--connect-timeout", "2")
                Issue.record("a sync with the server down did not fail")
            } catch let error as CohortError {
                #expect(error.status == .unavailable)
                #expect(error.message.contains("next sync"))
            }
            let status = try #require(try await ana.cohort("status", "--connect-timeout", "2") as? CohortStatus)
            #expect(status.serverAnswers == false)
            #expect(status.pending > 0)
            try cluster.start()
            let synced = try #require(try await ana.cohort("sync") as? CohortSyncSummary)
            #expect(synced.pushed == status.pending)
            let report = try #require(try await teacher.cohort("report") as? CohortReport)
            #expect(report.learners.first?.lessonsRead == 2)
        }
    }

    @Test("wrong join codes, no cohort, and a role without rights get clear messages")
    func clearMessages() async throws {
        try await PostgresCluster.with { cluster in
            let (teacher, _) = try await Self.classroom(cluster, learners: ["ana"])
            try cluster.createRole("stranger", password: Self.learnerPassword, group: nil)
            let ana = try Machine(cluster: cluster, role: "ana", password: Self.learnerPassword)
            let stranger = try Machine(cluster: cluster, role: "stranger", password: Self.learnerPassword)
            defer { [teacher, ana, stranger].forEach { $0.remove() } }
            await #expect { try await ana.cohort("join", "WRONG-CODE1") } throws: { ($0 as? CohortError)?.message.contains("no cohort has the join code") == true }
            await #expect { try await ana.cohort("sync") } throws: { ($0 as? CohortError)?.message.contains("is in no cohort") == true }
            await #expect { try await stranger.cohort("create", "Mine") } throws: { ($0 as? CohortError)?.message.contains("GRANT tutor_teacher TO stranger") == true }
            await #expect { try await ana.cohort("report") } throws: { ($0 as? CohortError)?.message.contains("teach no cohort") == true }
            let wrongPassword = try Machine(cluster: cluster, role: "ana", password: "nope")
            defer { wrongPassword.remove() }
            await #expect { try await wrongPassword.cohort("create", "X") } throws: { ($0 as? CohortError)?.message.contains("refused role ana") == true }
        }
    }

    /// The tutor SwiftPM built beside this test bundle, with backend-tutor-cohort next to it.
    static var tutor: String {
        var folder = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("backend-tutor").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return Machine.contentRoot + "/.build/debug/backend-tutor"
    }

    @Test("the tutor itself: a command syncs in the background when the server answers, and runs as before when it does not")
    func tutorSyncsAfterCommands() async throws {
        try await PostgresCluster.with { cluster in
            let (teacher, code) = try await Self.classroom(cluster, learners: ["ana"])
            let ana = try Machine(cluster: cluster, role: "ana", password: Self.learnerPassword)
            defer { [teacher, ana].forEach { $0.remove() } }
            let environment = ["HOME": ana.home, "PGHOST": "127.0.0.1", "PGPORT": String(cluster.port), "PGUSER": "ana",
                               "PGDATABASE": PostgresCluster.database, "PGPASSWORD": Self.learnerPassword, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
                .map { "\($0.key)=\(PostgresCluster.quoted($0.value))" }.joined(separator: " ")
            func tutor(_ arguments: String) throws -> (output: String, seconds: Double) {
                let started = Date()
                let output = try PostgresCluster.capture("env -i \(environment) \(Self.tutor) \(arguments) --db \(ana.database) --content \(Machine.contentRoot) </dev/null 2>&1")
                return (output, Date().timeIntervalSince(started))
            }
            let joined = try tutor("cohort join \(code) --connect-timeout \(Machine.connectTimeout)")
            #expect(joined.output.contains("You joined Backend spring"))
            _ = try tutor("learn http-fundamentals")
            // The sync the command started arrives without anyone waiting for it.
            var onServer = "0"
            for _ in 0..<150 where onServer == "0" {
                try await Task.sleep(nanoseconds: 200_000_000)
                onServer = try cluster.value("SELECT count(*) FROM tutor.records WHERE data LIKE '%http-fundamentals/1%'")
            }
            #expect(onServer != "0")

            // With the server down, a command prints what it prints and returns at once.
            try cluster.stop()
            let offline = try tutor("next")
            #expect(offline.output.contains("http-fundamentals") || offline.output.contains("HTTP"))
            for word in ["cannot connect", "did not answer", "cohort", "error"] { #expect(!offline.output.contains(word)) }
            #expect(offline.seconds < 5)
            let status = try tutor("cohort status --connect-timeout 2")
            #expect(status.output.contains("does not answer"))
            #expect(status.output.contains("studying goes on as usual"))
            // Why, as a person reads it: not the nested descriptions of NIO's errors.
            #expect(status.output.contains("connection refused"))
            #expect(!status.output.contains("SingleConnectionFailure") && !status.output.contains("errno"))
        }
    }
}
