import Foundation

/// `cohort setup`: the server's schema brought to this build's version.
public struct CohortSetupResult: CommandResult, TextView {
    public var server: String
    public var from: Int
    public var to: Int

    public init(server: String, from: Int, to: Int) {
        self.server = server
        self.from = from
        self.to = to
    }

    public func blocks(in view: ViewContext) -> [OutputBlock] {
        let what = from == to ? "The cohort schema on \(server) is already at version \(to); nothing was changed."
            : "The cohort schema on \(server) is at version \(to) (was \(from == 0 ? "absent" : String(from)))."
        return [.notice(.success, what),
                .notice(.info, "Give teachers the role tutor_teacher and learners tutor_learner: GRANT tutor_learner TO ana; then a teacher runs \(view.prefix)cohort create NAME.")]
    }
}

/// `cohort create NAME`.
public struct CohortCreated: CommandResult, TextView {
    public var cohort: String
    public var code: String
    public var teacher: String
    public var server: String

    public init(cohort: String, code: String, teacher: String, server: String) {
        self.cohort = cohort
        self.code = code
        self.teacher = teacher
        self.server = server
    }

    public func blocks(in view: ViewContext) -> [OutputBlock] {
        [.notice(.success, "Created the cohort \(cohort) on \(server), taught by \(teacher)."),
         .fields([Field("Join code", code)]),
         .notice(.info, "Each learner runs \(view.prefix)cohort join \(code) as their own PostgreSQL role; \(view.prefix)cohort report \(code) shows their progress.")]
    }
}

/// What one sync did.
public struct CohortSyncSummary: CommandResult, TextView {
    public var cohort: String
    public var server: String
    /// Records sent that the server did not have.
    public var pushed: Int
    /// Records sent that it had already (another machine, or a sync cut short, sent them).
    public var alreadyThere: Int
    /// Records pulled and applied here.
    public var pulled: Int
    /// Records pulled this curriculum could not take (a skill it lacks): kept on the server.
    public var refused: Int
    /// Whether the run printed nothing (`--quiet`).
    public var quiet: Bool

    public init(cohort: String, server: String, pushed: Int = 0, alreadyThere: Int = 0, pulled: Int = 0, refused: Int = 0, quiet: Bool = false) {
        self.cohort = cohort
        self.server = server
        self.pushed = pushed
        self.alreadyThere = alreadyThere
        self.pulled = pulled
        self.refused = refused
        self.quiet = quiet
    }

    private enum CodingKeys: String, CodingKey { case cohort, server, pushed, alreadyThere, pulled, refused }

    public func blocks(in view: ViewContext) -> [OutputBlock] {
        guard !quiet else { return [] }
        var blocks: [OutputBlock] = []
        if pushed == 0, pulled == 0, alreadyThere == 0 {
            blocks.append(.notice(.success, "Synced with \(cohort): nothing new either way."))
        } else {
            let sent = pushed == 1 ? "1 record" : "\(pushed) records"
            let got = pulled == 1 ? "1 record" : "\(pulled) records"
            blocks.append(.notice(.success, "Synced with \(cohort): sent \(sent), received \(got) from your other machines."))
        }
        if alreadyThere > 0 {
            blocks.append(.notice(.info, "\(alreadyThere) of the records sent were on the server already (a sync from another machine or one cut short); none is counted twice."))
        }
        if refused > 0 {
            blocks.append(.notice(.warning, "\(refused) received record\(refused == 1 ? "" : "s") name\(refused == 1 ? "s" : "") lessons this curriculum lacks: kept on the server, not applied here. Update backend-tutor to take them."))
        }
        return blocks
    }
}

/// `cohort join CODE`: the cohort joined and the first sync.
public struct CohortJoined: CommandResult, TextView {
    public var cohort: String
    public var code: String
    public var teacher: String
    public var sync: CohortSyncSummary

    public init(cohort: String, code: String, teacher: String, sync: CohortSyncSummary) {
        self.cohort = cohort
        self.code = code
        self.teacher = teacher
        self.sync = sync
    }

    public func blocks(in view: ViewContext) -> [OutputBlock] {
        [.notice(.success, "You joined \(cohort), taught by \(teacher).")] + sync.blocks(in: view)
            + [.notice(.info, "From now on each command that changes your progress syncs in the background; \(view.prefix)cohort sync syncs now, \(view.prefix)cohort leave stops.")]
    }
}

/// `cohort status`.
public struct CohortStatus: CommandResult, TextView {
    public var profile: String
    public var cohort: String?
    public var code: String?
    public var teacher: String?
    public var server: String?
    public var joinedAt: Date?
    public var lastSyncAt: Date?
    /// Records not yet on the server.
    public var pending: Int
    /// Records the server has acknowledged.
    public var acknowledged: Int
    /// Whether the server answered just now; nil when not asked (no cohort).
    public var serverAnswers: Bool?
    /// Why it did not, when it did not.
    public var serverProblem: String?
    public var now: Date

    public init(profile: String, link: CohortLink?, pending: Int, acknowledged: Int, serverAnswers: Bool?, serverProblem: String?, now: Date) {
        self.profile = profile
        cohort = link?.name
        code = link?.code
        teacher = link?.teacher
        server = link?.server
        joinedAt = link?.joinedAt
        lastSyncAt = link?.lastSyncAt
        self.pending = pending
        self.acknowledged = acknowledged
        self.serverAnswers = serverAnswers
        self.serverProblem = serverProblem
        self.now = now
    }

    private enum CodingKeys: String, CodingKey { case profile, cohort, code, teacher, server, joinedAt, lastSyncAt, pending, acknowledged, serverAnswers, serverProblem }

    public func blocks(in view: ViewContext) -> [OutputBlock] {
        guard let cohort, let code, let server else {
            return [.notice(.info, "Profile \(profile) is in no cohort: your progress stays on this machine. \(view.prefix)cohort join CODE joins one.")]
        }
        var fields = [Field("Cohort", "\(cohort) (code \(code))"), Field("Teacher", teacher ?? ""), Field("Server", server),
                      Field("Last sync", lastSyncAt.map { RelativeDate.day($0, now: now, days: .current) + " at " + Self.time($0) } ?? "never"),
                      Field("On the server", "\(acknowledged) record\(acknowledged == 1 ? "" : "s")"),
                      Field("To send", "\(pending) record\(pending == 1 ? "" : "s")")]
        fields.insert(Field("Profile", profile), at: 0)
        var blocks: [OutputBlock] = [.fields(fields)]
        switch serverAnswers {
        case true?: blocks.append(.notice(.success, "The server answers." + (pending > 0 ? " \(view.prefix)cohort sync sends what waits." : "")))
        case false?: blocks.append(.notice(.warning, serverProblem.map { "The server does not answer: \($0)." } ?? "The server does not answer: studying goes on as usual, and the next sync sends what waits."))
        case nil: break
        }
        return blocks
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        return formatter.string(from: date)
    }
}

/// `cohort leave`.
public struct CohortLeft: CommandResult, TextView {
    public var cohort: String
    /// Whether the server took the leaving; when not, only this machine forgot the cohort.
    public var server: Bool

    public init(cohort: String, server: Bool) {
        self.cohort = cohort
        self.server = server
    }

    public func blocks(in view: ViewContext) -> [OutputBlock] {
        server ? [.notice(.success, "You left \(cohort): its teacher no longer sees your progress, which stays here as it was.")]
            : [.notice(.warning, "This machine no longer syncs with \(cohort), but the server could not be told: run \(view.prefix)cohort leave again when it answers, or your teacher still sees what was synced.")]
    }
}

extension CohortReport: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        var blocks: [Block] = [.heading(level: 1, content: [.text("\(cohort) · \(learners.count) learner\(learners.count == 1 ? "" : "s")")])]
        guard !learners.isEmpty else {
            return [.document(blocks), .notice(.info, "Nobody has joined yet: learners run \(view.prefix)cohort join \(code).")]
        }
        let header = ["Learner", "Level", "Done", "Read", "Practised", "Verified", "Mastery", "Last active", "Streak"].map { [Inline.text($0)] }
        let rows: [[[Inline]]] = learners.map { learner in
            let mastery = learner.mastery.isEmpty ? "–" : String(format: "%.0f%%", learner.mastery.values.reduce(0, +) / Double(learner.mastery.count) * 100)
            return [learner.learner, learner.level.rawValue, String(format: "%.0f%%", learner.shareDone * 100),
                    "\(learner.lessonsRead)/\(learner.lessons)", "\(learner.lessonsPractised)", "\(learner.milestonesVerified)", mastery,
                    learner.lastActive.map { RelativeDate.day($0, now: generatedAt, days: .current) } ?? "never", "\(learner.streakDays)d"]
                .map { [Inline.text($0)] }
        }
        blocks.append(.table(alignments: [.left, .left, .right, .right, .right, .right, .right, .left, .right], header: header, rows: rows))
        if lessons.isEmpty {
            blocks.append(.paragraph([.text("Nobody is stopped at a lesson or has given up an exercise.")]))
        } else {
            blocks.append(.heading(level: 2, content: [.text("Where learners stop or give up")]))
            let lessonRows: [[[Inline]]] = lessons.prefix(15).map { lesson in
                [lesson.title, "\(lesson.learnersHere)", "\(lesson.stalled)", "\(lesson.gaveUp)"].map { [Inline.text($0)] }
            }
            blocks.append(.table(alignments: [.left, .right, .right, .right],
                                 header: ["Lesson", "Open here", "Idle 7+ days", "Gave up"].map { [Inline.text($0)] }, rows: lessonRows))
        }
        return [.document(blocks), .notice(.info, "Mastery is the mean of each area's quizzed skills; --json has every figure, --csv the table.")]
    }
}
