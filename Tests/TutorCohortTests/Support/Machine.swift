import Foundation
import Testing
import TutorCohort
import TutorKit

/// One learner's (or teacher's) machine: a home folder with its own progress database, and the
/// cohort commands run as that person's PostgreSQL role against a test cluster.
struct Machine {
    let home: String
    let role: String
    let environment: TutorEnvironment
    var observer: (@Sendable (CohortRunner.SyncStep) async throws -> Void)?
    var pushBatch = 500
    var pullBatch = 2_000
    /// Long enough for a machine busy with the rest of the test suite.
    var statementTimeout: TimeInterval = 60

    static let contentRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    init(cluster: PostgresCluster, role: String, password: String) throws {
        var template = Array("/tmp/tutor-home-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ClusterError("mkdtemp failed") }
        home = String(cString: made)
        self.role = role
        environment = cluster.environment(role: role, password: password, home: home)
    }

    var database: String { home + "/progress.sqlite" }

    /// Seconds to wait for a throwaway server: see ``cohort(_:)``.
    static let connectTimeout = 60

    /// Runs `backend-tutor cohort ARGUMENTS` as this person. A throwaway server on a machine
    /// busy with the rest of the suite may take longer than the 5 seconds a learner waits to
    /// answer (it took more in a CI run where every suite ran 1.9 times slower): unless the test
    /// sets its own, the wait is 60 seconds, which a server that is down never reaches.
    @discardableResult
    func cohort(_ arguments: String...) async throws -> any CommandResult & TextView {
        let wait = arguments.contains("--connect-timeout") ? [] : ["--connect-timeout", String(Self.connectTimeout)]
        let command = try CohortCommand.parse(arguments + wait + ["--db", database, "--content", Self.contentRoot])
        var runner = CohortRunner(environment: environment)
        runner.observer = observer
        runner.pushBatch = pushBatch
        runner.pullBatch = pullBatch
        runner.statementTimeout = statementTimeout
        return try await runner.run(command)
    }

    /// The progress store, as the tutor opens it.
    func store() throws -> (ProgressStore, Profile) {
        let (store, _) = try ProgressStore.open(at: URL(fileURLWithPath: database))
        return (store, try store.profile(named: GlobalSettings.defaultProfile, now: Date()))
    }

    /// Reads `lessons` of `skill` (opened, then finished), as /next does.
    func read(_ skill: String, lessons: ClosedRange<Int>, at start: Date = Date().addingTimeInterval(-7200)) throws {
        let (store, profile) = try store()
        for (offset, number) in lessons.enumerated() {
            let key = ItemKey.lesson(skill: skill, number: number)
            let at = start.addingTimeInterval(Double(offset) * 60)
            try store.open(key, for: profile, now: at)
            try store.set([key], to: .done, event: .finished, for: profile, now: at.addingTimeInterval(30))
        }
    }

    /// Opens a lesson without finishing it: where the learner stands.
    func open(_ skill: String, lesson: Int, at: Date = Date()) throws {
        let (store, profile) = try store()
        try store.open(.lesson(skill: skill, number: lesson), for: profile, now: at)
    }

    /// Gives up an exercise of a lesson, as /giveup does, merged as an import would write it.
    func giveUp(_ skill: String, exercise: String, lesson: Int, at: Date = Date()) throws {
        let (store, profile) = try store()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let when = formatter.string(from: at)
        let text = #"{"kind":"exercise","body":{"skill":"\#(skill)","exerciseId":"\#(exercise)","lesson":\#(lesson),"attempts":2,"hints":3,"gaveUpAt":"\#(when)"}}"#
        let record = try #require(CohortRecord.decode(text))
        _ = try store.merge(CohortRecords.export(name: profile.name, createdAt: profile.createdAt, records: [record], now: at))
    }

    /// Every record of this machine's profile, by id.
    func recordIds() throws -> Set<String> {
        let (store, profile) = try store()
        let exported = try store.export(now: Date()).profiles.first { $0.name == profile.name }
        return Set(exported.map(CohortRecords.records(of:))?.map(\.id) ?? [])
    }

    func remove() { try? FileManager.default.removeItem(atPath: home) }
}
