import Foundation
import GRDB

/// A learner's progress as a portable file: `backend-tutor export` writes it, `import` merges it.
public struct ProgressExport: Codable, Hashable, Sendable {
    public static let formatName = "backend-tutor-progress"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    public var exportedAt: Date
    public var profiles: [ExportedProfile]

    public struct ExportedProfile: Codable, Hashable, Sendable {
        public var name: String
        public var stack: Stack?
        public var createdAt: Date
        public var currentItem: String?
        public var items: [ExportedItem]
        public var events: [ExportedEvent]
        /// Review cards and answers; absent in exports written before quizzes existed.
        public var cards: [ExportedCard]?
        public var reviews: [ExportedReview]?
        /// Milestones `verify` proved; absent in exports written before it existed.
        public var verified: [ExportedVerification]?
        /// Exercises tried, solved or given up; absent in exports written before exercises existed.
        public var exercises: [ExportedExercise]?
    }

    public struct ExportedExercise: Codable, Hashable, Sendable {
        public var skill: String
        public var exerciseId: String
        public var lesson: Int
        public var attempts: Int
        public var hints: Int
        public var lastAnswer: String?
        public var solvedAt: Date?
        public var gaveUpAt: Date?
    }

    public struct ExportedVerification: Codable, Hashable, Sendable {
        public var project: String
        public var milestone: Int
        public var verifiedAt: Date
    }

    public struct ExportedCard: Codable, Hashable, Sendable {
        public var skill: String
        public var questionId: String
        public var card: ReviewCard
    }

    public struct ExportedReview: Codable, Hashable, Sendable {
        public var skill: String
        public var questionId: String
        public var rating: Rating
        public var correct: Bool
        public var reviewedAt: Date
        public var elapsedSeconds: Double?
        public var source: String
    }

    public struct ExportedItem: Codable, Hashable, Sendable {
        public var item: String
        public var status: ItemStatus
        public var updatedAt: Date
    }

    public struct ExportedEvent: Codable, Hashable, Sendable {
        public var at: Date
        public var kind: ProgressEvent.Kind
        public var item: String
        public var detail: String?
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(from: date))
        }
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = RFC3339.date(from: text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO 8601 date")
        }
        return decoder
    }

    /// Reads and checks an export; the error says what is wrong.
    public static func decode(_ data: Data) throws(ImportProblem) -> ProgressExport {
        let export: ProgressExport
        do {
            export = try decoder().decode(ProgressExport.self, from: data)
        } catch let error as DecodingError {
            throw ImportProblem(reason: describe(error))
        } catch {
            throw ImportProblem(reason: "not JSON (\(error.localizedDescription))")
        }
        guard export.format == formatName else { throw ImportProblem(reason: "its format is '\(export.format)', not '\(formatName)'") }
        guard export.version <= currentVersion else {
            throw ImportProblem(reason: "it is version \(export.version), written by a newer backend-tutor; upgrade to import it")
        }
        return export
    }

    /// What an import is checked against: the curriculum it must name and the time it must not
    /// pass.
    public struct Rules: Sendable {
        /// Each skill's number of lessons.
        public var skills: [String: Int]
        /// Each project's number of milestones.
        public var projects: [String: Int]
        public var now: Date

        public init(skills: [String: Int], projects: [String: Int], now: Date) {
            self.skills = skills
            self.projects = projects
            self.now = now
        }

        /// A date more than a day ahead of the clock would win every later merge.
        var latest: Date { now.addingTimeInterval(86_400) }
        static let earliest = Date(timeIntervalSince1970: 946_684_800)
    }

    public static let maximumNameLength = 64, maximumDetailLength = 1_000

    /// Checks every field against `rules`; the error names the first field refused.
    public func validate(_ rules: Rules) throws(ImportProblem) {
        func refuse(_ path: String, _ why: String) -> ImportProblem { ImportProblem(reason: "\(path): \(why)") }
        func text(_ value: String) -> String { "'\(Sanitizer.clean(String(value.prefix(80))))\(value.count > 80 ? "…" : "")'" }
        func check(_ date: Date, _ path: String) throws(ImportProblem) {
            if date > rules.latest { throw refuse(path, "\(RFC3339.string(from: date)) is in the future") }
            if date < Rules.earliest { throw refuse(path, "\(RFC3339.string(from: date)) is before 2000") }
        }
        func check(_ key: ItemKey, _ path: String) throws(ImportProblem) {
            switch key {
            case .lesson(let skill, let number):
                guard let count = rules.skills[skill] else { throw refuse(path, "\(text(key.text)) names no skill of this curriculum") }
                guard number <= count else { throw refuse(path, "\(skill) has lessons 1 to \(count), not \(number)") }
            case .skill(let skill):
                guard rules.skills[skill] != nil else { throw refuse(path, "\(text(key.text)) names no skill of this curriculum") }
            case .project(let project):
                guard rules.projects[project] != nil else { throw refuse(path, "\(text(key.text)) names no project of this curriculum") }
            case .milestone(let project, let number):
                guard let count = rules.projects[project] else { throw refuse(path, "\(text(key.text)) names no project of this curriculum") }
                guard number <= count else { throw refuse(path, "\(project) has milestones 1 to \(count), not \(number)") }
            }
        }
        func plain(_ value: String, _ path: String, length: Int) throws(ImportProblem) {
            if value.count > length { throw refuse(path, "is \(value.count) characters long; the most is \(length)") }
            if value.unicodeScalars.contains(where: Sanitizer.isControl) || value.contains("\t") { throw refuse(path, "\(text(value)) holds control characters") }
        }
        try check(exportedAt, "exportedAt")
        var names: Set<String> = []
        for (p, profile) in profiles.enumerated() {
            let at = "profiles[\(p)]"
            guard !profile.name.isEmpty else { throw refuse(at + ".name", "is empty") }
            try plain(profile.name, at + ".name", length: Self.maximumNameLength)
            guard names.insert(profile.name).inserted else { throw refuse(at + ".name", "\(text(profile.name)) is used by another profile") }
            try check(profile.createdAt, at + ".createdAt")
            if let current = profile.currentItem {
                guard let key = ItemKey(current) else { throw refuse(at + ".currentItem", "\(text(current)) names no lesson, skill or project") }
                try check(key, at + ".currentItem")
            }
            for (i, item) in profile.items.enumerated() {
                guard let key = ItemKey(item.item) else { throw refuse("\(at).items[\(i)]", "\(text(item.item)) names no lesson, skill or project") }
                try check(key, "\(at).items[\(i)]")
                try check(item.updatedAt, "\(at).items[\(i)].updatedAt")
            }
            for (i, event) in profile.events.enumerated() {
                guard let subject = EventSubject(event.item) else { throw refuse("\(at).events[\(i)]", "\(text(event.item)) names no item, stack or level") }
                if case .item(let key) = subject { try check(key, "\(at).events[\(i)]") }
                try check(event.at, "\(at).events[\(i)].at")
                if let detail = event.detail { try plain(detail, "\(at).events[\(i)].detail", length: Self.maximumDetailLength) }
            }
            for (i, card) in (profile.cards ?? []).enumerated() {
                let path = "\(at).cards[\(i)]"
                guard rules.skills[card.skill] != nil else { throw refuse(path, "\(text(card.skill)) names no skill of this curriculum") }
                guard Self.isCardId(card.questionId) else { throw refuse(path + ".questionId", "\(text(card.questionId)) is not a question id") }
                try check(card.card.due, path + ".due")
                if let last = card.card.lastReview { try check(last, path + ".lastReview") }
                if let stability = card.card.stability, !(stability.isFinite && stability > 0) { throw refuse(path + ".stability", "must be a positive number") }
                if let difficulty = card.card.difficulty, !(1...10).contains(difficulty) { throw refuse(path + ".difficulty", "must be from 1 to 10") }
            }
            for (i, exercise) in (profile.exercises ?? []).enumerated() {
                let path = "\(at).exercises[\(i)]"
                guard rules.skills[exercise.skill] != nil else { throw refuse(path, "\(text(exercise.skill)) names no skill of this curriculum") }
                guard Slug.isValid(exercise.exerciseId) else { throw refuse(path + ".exerciseId", "\(text(exercise.exerciseId)) is not an exercise id") }
                guard exercise.lesson >= 1, exercise.attempts >= 0, exercise.hints >= 0, exercise.attempts < 1_000_000, exercise.hints <= 3 else {
                    throw refuse(path, "lesson, attempts and hints must be counts (lesson from 1, at most 3 hints)")
                }
                if let answer = exercise.lastAnswer, answer.utf8.count > 100_000 || answer.contains("\u{0}") {
                    throw refuse(path + ".lastAnswer", "must be text of at most 100,000 bytes")
                }
                if let solved = exercise.solvedAt { try check(solved, path + ".solvedAt") }
                if let gaveUp = exercise.gaveUpAt { try check(gaveUp, path + ".gaveUpAt") }
            }
            for (i, verification) in (profile.verified ?? []).enumerated() {
                let path = "\(at).verified[\(i)]"
                try check(.milestone(project: verification.project, number: verification.milestone), path)
                guard verification.milestone >= 1 else { throw refuse(path + ".milestone", "milestones are numbered from 1") }
                try check(verification.verifiedAt, path + ".verifiedAt")
            }
            for (i, review) in (profile.reviews ?? []).enumerated() {
                let path = "\(at).reviews[\(i)]"
                guard rules.skills[review.skill] != nil else { throw refuse(path, "\(text(review.skill)) names no skill of this curriculum") }
                guard Self.isCardId(review.questionId) else { throw refuse(path + ".questionId", "\(text(review.questionId)) is not a question id") }
                try check(review.reviewedAt, path + ".reviewedAt")
                guard ["quiz", "review", "exercise"].contains(review.source) else { throw refuse(path + ".source", "\(text(review.source)) is not quiz, review or exercise") }
                if let elapsed = review.elapsedSeconds, !(elapsed.isFinite && elapsed >= 0) { throw refuse(path + ".elapsedSeconds", "must be a number of seconds") }
            }
        }
    }

    /// A quiz question's id, or an exercise's card: `exercise/ID`.
    static func isCardId(_ text: String) -> Bool {
        Slug.isValid(text) || (text.hasPrefix(ExercisePractice.cardPrefix) && Slug.isValid(String(text.dropFirst(ExercisePractice.cardPrefix.count))))
    }

    public struct ImportProblem: Error, Sendable {
        public var reason: String
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let parts = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return parts.isEmpty ? "the file" : String(parts.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)) lacks the field '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default: return "unreadable"
        }
    }
}

/// What an import changed.
public struct MergeSummary: Hashable, Sendable {
    public var profiles = 0
    public var newerItems = 0
    public var keptItems = 0
    public var newEvents = 0
}

extension ProgressStore {
    public func export(now: Date) throws(StoreError) -> ProgressExport {
        try read { db in
            let profiles = try Profile.order(Profile.Columns.name).fetchAll(db)
            return ProgressExport(format: ProgressExport.formatName, version: ProgressExport.currentVersion, exportedAt: now, profiles: try profiles.map { profile in
                let items = try ItemState.all().filter(profile).order(ItemState.Columns.item).fetchAll(db)
                let events = try ProgressEvent.all().filter(profile).fetchAll(db)
                let cards = try StoredCard.all().filter(profile).order(StoredCard.Columns.skill, StoredCard.Columns.questionId).fetchAll(db)
                let reviews = try ReviewLogEntry.all().filter(profile).fetchAll(db)
                let verified = try Row.fetchAll(db, sql: "SELECT project, milestone, verifiedAt FROM verification WHERE profileId = ? ORDER BY project, milestone",
                                                arguments: [profile.id])
                return ProgressExport.ExportedProfile(
                    name: profile.name, stack: profile.stack, createdAt: profile.createdAt, currentItem: profile.currentItem?.text,
                    items: items.map { .init(item: $0.item.text, status: $0.status, updatedAt: $0.updatedAt) },
                    events: events.map { .init(at: $0.at, kind: $0.kind, item: $0.item.text, detail: $0.detail) },
                    cards: cards.map { .init(skill: $0.skill, questionId: $0.questionId, card: $0.card) },
                    reviews: reviews.map { .init(skill: $0.skill, questionId: $0.questionId, rating: $0.rating, correct: $0.correct,
                                                 reviewedAt: $0.reviewedAt, elapsedSeconds: $0.elapsedSeconds, source: $0.source) },
                    verified: verified.map { .init(project: $0["project"], milestone: $0["milestone"], verifiedAt: $0["verifiedAt"]) },
                    exercises: try ExerciseState.filter(Column("profileId") == profile.id).order(Column("skill"), Column("exerciseId")).fetchAll(db).map {
                        .init(skill: $0.skill, exerciseId: $0.exerciseId, lesson: $0.lesson, attempts: $0.attempts, hints: $0.hints,
                              lastAnswer: $0.lastAnswer, solvedAt: $0.solvedAt, gaveUpAt: $0.gaveUpAt)
                    })
            })
        }
    }

    /// Rows written per transaction: other processes get in between, and a merge cut short is
    /// finished by running it again (it is idempotent).
    static let mergeBatch = 500

    /// Merges an export: the newer status of each item wins, events, cards and answers are added
    /// once, and nothing already here is removed. Validate it first: this writes what it is given.
    public func merge(_ export: ProgressExport) throws(StoreError) -> MergeSummary {
        var summary = MergeSummary()
        for incoming in export.profiles {
            summary.profiles += 1
            let incomingCurrent = incoming.currentItem.flatMap(ItemKey.init)
            let profile: Profile = try write { db in
                var profile: Profile
                if let existing = try Profile.filter(Profile.Columns.name == incoming.name).fetchOne(db) {
                    profile = existing
                } else {
                    profile = try NewProfile(name: incoming.name, stack: incoming.stack, createdAt: incoming.createdAt, currentItem: incomingCurrent).insert(db)
                }
                let before = profile
                profile.stack = profile.stack ?? incoming.stack
                profile.currentItem = profile.currentItem ?? incomingCurrent
                if profile != before { try profile.update(db) }
                return profile
            }
            for batch in incoming.items.chunked(Self.mergeBatch) {
                try write { db in
                    // The newer status wins; on a tie the one here stays.
                    let upsert = try db.cachedStatement(sql: """
                        INSERT INTO itemStatus (profileId, item, status, updatedAt) VALUES (?, ?, ?, ?)
                        ON CONFLICT (profileId, item) DO UPDATE SET status = excluded.status, updatedAt = excluded.updatedAt
                        WHERE excluded.updatedAt > itemStatus.updatedAt
                        """)
                    for item in batch {
                        guard let key = ItemKey(item.item) else { continue }
                        try upsert.execute(arguments: [profile.id, key.text, item.status.rawValue, item.updatedAt.stored])
                        if db.changesCount > 0 { summary.newerItems += 1 } else { summary.keptItems += 1 }
                    }
                }
            }
            var seen = Set(try events(for: profile).map { EventIdentity($0.at, $0.kind, $0.item.text) })
            for batch in incoming.events.chunked(Self.mergeBatch) {
                try write { db in
                    let insert = try db.cachedStatement(sql: "INSERT INTO event (profileId, at, kind, item, detail) VALUES (?, ?, ?, ?, ?)")
                    for event in batch where seen.insert(EventIdentity(event.at, event.kind, event.item)).inserted {
                        guard let subject = EventSubject(event.item) else { continue }
                        try insert.execute(arguments: [profile.id, event.at.stored, event.kind.rawValue, subject.text, event.detail])
                        summary.newEvents += 1
                    }
                }
            }
            for batch in (incoming.cards ?? []).chunked(Self.mergeBatch) {
                try write { db in
                    // The card reviewed last holds the most recent memory state; one never
                    // reviewed counts as reviewed before any other, and on a tie the one here stays.
                    let upsert = try db.cachedStatement(sql: """
                        INSERT INTO card (profileId, skill, questionId, state, step, stability, difficulty, due, lastReview)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (profileId, skill, questionId) DO UPDATE SET state = excluded.state, step = excluded.step,
                            stability = excluded.stability, difficulty = excluded.difficulty, due = excluded.due, lastReview = excluded.lastReview
                        WHERE coalesce(excluded.lastReview, '') > coalesce(card.lastReview, '')
                        """)
                    for incoming in batch {
                        let card = incoming.card
                        try upsert.execute(arguments: [profile.id, incoming.skill, incoming.questionId, card.state.rawValue, card.step, card.stability,
                                                       card.difficulty, card.due.stored, card.lastReview?.stored])
                    }
                }
            }
            for batch in (incoming.verified ?? []).chunked(Self.mergeBatch) {
                try write { db in
                    // The later proof of a milestone wins; none is removed.
                    for verification in batch {
                        try db.execute(sql: """
                            INSERT INTO verification (profileId, project, milestone, verifiedAt) VALUES (?, ?, ?, ?)
                            ON CONFLICT (profileId, project, milestone) DO UPDATE SET verifiedAt = max(verifiedAt, excluded.verifiedAt)
                            """, arguments: [profile.id, verification.project, verification.milestone, verification.verifiedAt.stored])
                    }
                }
            }
            for batch in (incoming.exercises ?? []).chunked(Self.mergeBatch) {
                try write { db in
                    // Nothing done is undone: the most attempts and hints, the first solve and give-up.
                    for exercise in batch {
                        try db.execute(sql: """
                            INSERT INTO exerciseState (profileId, skill, exerciseId, lesson, attempts, hints, lastAnswer, solvedAt, gaveUpAt)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (profileId, skill, exerciseId) DO UPDATE SET
                                attempts = max(attempts, excluded.attempts), hints = max(hints, excluded.hints),
                                lastAnswer = coalesce(lastAnswer, excluded.lastAnswer),
                                solvedAt = coalesce(min(solvedAt, excluded.solvedAt), solvedAt, excluded.solvedAt),
                                gaveUpAt = coalesce(min(gaveUpAt, excluded.gaveUpAt), gaveUpAt, excluded.gaveUpAt)
                            """, arguments: [profile.id, exercise.skill, exercise.exerciseId, exercise.lesson, exercise.attempts, exercise.hints,
                                             exercise.lastAnswer, exercise.solvedAt?.stored, exercise.gaveUpAt?.stored])
                    }
                }
            }
            var known = Set(try reviewLog(for: profile).map { EventIdentity($0.reviewedAt, .finished, "\($0.skill)/\($0.questionId)") })
            for batch in (incoming.reviews ?? []).chunked(Self.mergeBatch) {
                try write { db in
                    let insert = try db.cachedStatement(sql: """
                        INSERT INTO reviewLog (profileId, skill, questionId, rating, correct, reviewedAt, elapsedSeconds, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                    for review in batch where known.insert(EventIdentity(review.reviewedAt, .finished, "\(review.skill)/\(review.questionId)")).inserted {
                        try insert.execute(arguments: [profile.id, review.skill, review.questionId, review.rating.rawValue, review.correct, review.reviewedAt.stored,
                                                       review.elapsedSeconds, review.source])
                    }
                }
            }
        }
        return summary
    }
}

extension Array {
    /// The array in consecutive pieces of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// Two events are the same when they happened at the same millisecond to the same item.
private struct EventIdentity: Hashable {
    let millisecond: Int64
    let kind: ProgressEvent.Kind
    let item: String

    init(_ at: Date, _ kind: ProgressEvent.Kind, _ item: String) {
        millisecond = Int64((at.timeIntervalSince1970 * 1000).rounded())
        self.kind = kind
        self.item = item
    }
}
