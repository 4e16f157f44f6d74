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
            try container.encode(Self.formatter().string(from: date))
        }
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = Self.formatter().date(from: text) ?? ISO8601DateFormatter().date(from: text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO 8601 date")
        }
        return decoder
    }

    /// Millisecond precision, as the database keeps it.
    private static func formatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
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
        for profile in export.profiles {
            guard !profile.name.isEmpty else { throw ImportProblem(reason: "a profile has an empty name") }
            for item in profile.items where ItemKey(item.item) == nil {
                throw ImportProblem(reason: "profile '\(profile.name)' has an item '\(item.item)' that names no lesson, skill or project")
            }
            if let current = profile.currentItem, ItemKey(current) == nil {
                throw ImportProblem(reason: "profile '\(profile.name)' has a current item '\(current)' that names no lesson, skill or project")
            }
            for event in profile.events where EventSubject(event.item) == nil {
                throw ImportProblem(reason: "profile '\(profile.name)' has an event about '\(event.item)', which names no item, stack or level")
            }
        }
        return export
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
                return ProgressExport.ExportedProfile(
                    name: profile.name, stack: profile.stack, createdAt: profile.createdAt, currentItem: profile.currentItem?.text,
                    items: items.map { .init(item: $0.item.text, status: $0.status, updatedAt: $0.updatedAt) },
                    events: events.map { .init(at: $0.at, kind: $0.kind, item: $0.item.text, detail: $0.detail) },
                    cards: cards.map { .init(skill: $0.skill, questionId: $0.questionId, card: $0.card) },
                    reviews: reviews.map { .init(skill: $0.skill, questionId: $0.questionId, rating: $0.rating, correct: $0.correct,
                                                 reviewedAt: $0.reviewedAt, elapsedSeconds: $0.elapsedSeconds, source: $0.source) })
            })
        }
    }

    /// Merges an export in one transaction: the newer status of each item wins, events are
    /// added once, and nothing already here is removed.
    public func merge(_ export: ProgressExport) throws(StoreError) -> MergeSummary {
        try write { db in
            var summary = MergeSummary()
            for incoming in export.profiles {
                summary.profiles += 1
                var profile: Profile
                let incomingCurrent = incoming.currentItem.flatMap(ItemKey.init)
                if let existing = try Profile.filter(Profile.Columns.name == incoming.name).fetchOne(db) {
                    profile = existing
                } else {
                    profile = try NewProfile(name: incoming.name, stack: incoming.stack, createdAt: incoming.createdAt, currentItem: incomingCurrent).insert(db)
                }
                let before = profile
                profile.stack = profile.stack ?? incoming.stack
                profile.currentItem = profile.currentItem ?? incomingCurrent
                if profile != before { try profile.update(db) }
                for item in incoming.items {
                    guard let key = ItemKey(item.item) else { continue }
                    let local = try ItemState.fetchOne(db, key: ["profileId": profile.id, "item": key.text])
                    if let local, local.updatedAt >= item.updatedAt {
                        summary.keptItems += 1
                        continue
                    }
                    try ItemState(profileId: profile.id, item: key, status: item.status, updatedAt: item.updatedAt).save(db)
                    summary.newerItems += 1
                }
                let existing = try ProgressEvent.all().filter(profile).fetchAll(db)
                var seen = Set(existing.map { EventIdentity($0.at, $0.kind, $0.item.text) })
                for event in incoming.events where seen.insert(EventIdentity(event.at, event.kind, event.item)).inserted {
                    guard let subject = EventSubject(event.item) else { continue }
                    try ProgressEvent(profile: profile, at: event.at, kind: event.kind, item: subject, detail: event.detail).insert(db)
                    summary.newEvents += 1
                }
                for incomingCard in incoming.cards ?? [] {
                    let key: [String: (any DatabaseValueConvertible)?] = ["profileId": profile.id, "skill": incomingCard.skill, "questionId": incomingCard.questionId]
                    let local = try StoredCard.fetchOne(db, key: key)
                    // The card reviewed last holds the most recent memory state.
                    if let local, (local.lastReview ?? .distantPast) >= (incomingCard.card.lastReview ?? .distantPast) { continue }
                    try StoredCard(profileId: profile.id, skill: incomingCard.skill, questionId: incomingCard.questionId, card: incomingCard.card).save(db)
                }
                let answers = try ReviewLogEntry.all().filter(profile).fetchAll(db)
                var known = Set(answers.map { EventIdentity($0.reviewedAt, .finished, "\($0.skill)/\($0.questionId)") })
                for review in incoming.reviews ?? [] where known.insert(EventIdentity(review.reviewedAt, .finished, "\(review.skill)/\(review.questionId)")).inserted {
                    try ReviewLogEntry(id: nil, profileId: profile.id, skill: review.skill, questionId: review.questionId, rating: review.rating,
                                       correct: review.correct, reviewedAt: review.reviewedAt, elapsedSeconds: review.elapsedSeconds, source: review.source).insert(db)
                }
            }
            return summary
        }
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
