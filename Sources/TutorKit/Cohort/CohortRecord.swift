import Foundation

/// One row of the learner's progress as cohort mode syncs it: an item status, an event, a card,
/// an answer, a verified milestone, an exercise's state or the profile's stack, in the shape of
/// the export file. Its id is the SHA-256 of its canonical JSON, so the same row on two machines
/// is one record, and each version of a row that changes is a record of its own.
public enum CohortRecord: Hashable, Sendable {
    case profile(ProfileFacts)
    case item(ProgressExport.ExportedItem)
    case event(ProgressExport.ExportedEvent)
    case card(ProgressExport.ExportedCard)
    case review(ProgressExport.ExportedReview)
    case verification(ProgressExport.ExportedVerification)
    case exercise(ProgressExport.ExportedExercise)

    /// What a profile carries beyond its rows: the stack the learner chose.
    public struct ProfileFacts: Codable, Hashable, Sendable {
        public var stack: Stack

        public init(stack: Stack) { self.stack = stack }
    }

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case profile, item, event, card, review, verification, exercise
    }

    public var kind: Kind {
        switch self {
        case .profile: .profile
        case .item: .item
        case .event: .event
        case .card: .card
        case .review: .review
        case .verification: .verification
        case .exercise: .exercise
        }
    }

    /// `{"body":{…},"kind":"event"}` with sorted keys, no spaces, and dates in UTC to the
    /// millisecond: the bytes the id is computed from and the server keeps.
    public var canonicalJSON: String {
        // Encoding these plain value types cannot fail.
        String(decoding: (try? Self.encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// The record's id: 64 hexadecimal digits.
    public var id: String { SHA256.hex(Array(canonicalJSON.utf8)) }

    /// A record from its canonical JSON, as the server returns it; nil when it is not one.
    public static func decode(_ text: String) -> CohortRecord? {
        try? ProgressExport.decoder().decode(CohortRecord.self, from: Data(text.utf8))
    }

    /// The records of a JSON array of them, leaving out any this build cannot read; none when
    /// the text is not a JSON array.
    public static func decodeArray(_ text: String) -> [CohortRecord] {
        struct Lenient: Decodable {
            var record: CohortRecord?
            init(from decoder: any Decoder) { record = try? CohortRecord(from: decoder) }
        }
        let all = (try? ProgressExport.decoder().decode([Lenient].self, from: Data(text.utf8))) ?? []
        return all.compactMap(\.record)
    }

    private static var encoder: JSONEncoder {
        let encoder = ProgressExport.encoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// When the record's work happened, for the report's last-active day; nil for the profile.
    public var at: Date? {
        switch self {
        case .profile: nil
        case .item(let item): item.updatedAt
        case .event(let event): event.at
        case .card(let card): card.card.lastReview
        case .review(let review): review.reviewedAt
        case .verification(let verification): verification.verifiedAt
        case .exercise(let exercise): [exercise.solvedAt, exercise.gaveUpAt].compactMap { $0 }.max()
        }
    }
}

extension CohortRecord: Codable {
    private enum CodingKeys: String, CodingKey { case kind, body }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .profile: self = .profile(try container.decode(ProfileFacts.self, forKey: .body))
        case .item: self = .item(try container.decode(ProgressExport.ExportedItem.self, forKey: .body))
        case .event: self = .event(try container.decode(ProgressExport.ExportedEvent.self, forKey: .body))
        case .card: self = .card(try container.decode(ProgressExport.ExportedCard.self, forKey: .body))
        case .review: self = .review(try container.decode(ProgressExport.ExportedReview.self, forKey: .body))
        case .verification: self = .verification(try container.decode(ProgressExport.ExportedVerification.self, forKey: .body))
        case .exercise: self = .exercise(try container.decode(ProgressExport.ExportedExercise.self, forKey: .body))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .profile(let body): try container.encode(body, forKey: .body)
        case .item(let body): try container.encode(body, forKey: .body)
        case .event(let body): try container.encode(body, forKey: .body)
        case .card(let body): try container.encode(body, forKey: .body)
        case .review(let body): try container.encode(body, forKey: .body)
        case .verification(let body): try container.encode(body, forKey: .body)
        case .exercise(let body): try container.encode(body, forKey: .body)
        }
    }
}

/// Between a profile's rows and records.
public enum CohortRecords {
    /// Every record of one exported profile: its current rows, each in its current version.
    public static func records(of profile: ProgressExport.ExportedProfile) -> [CohortRecord] {
        var records: [CohortRecord] = []
        if let stack = profile.stack { records.append(.profile(.init(stack: stack))) }
        records += profile.items.map(CohortRecord.item)
        records += profile.events.map(CohortRecord.event)
        records += (profile.cards ?? []).map(CohortRecord.card)
        records += (profile.reviews ?? []).map(CohortRecord.review)
        records += (profile.verified ?? []).map(CohortRecord.verification)
        records += (profile.exercises ?? []).map(CohortRecord.exercise)
        return records
    }

    /// Records as an export of one profile called `name`, ready for ``ProgressStore/merge(_:)``,
    /// which keeps the newer version of each row whatever order they come in.
    public static func export(name: String, createdAt: Date, records: [CohortRecord], now: Date) -> ProgressExport {
        var profile = ProgressExport.ExportedProfile(name: name, stack: nil, createdAt: createdAt, currentItem: nil, items: [], events: [],
                                                     cards: [], reviews: [], verified: [], exercises: [])
        var latestStackChoice: (at: Date, stack: Stack)?
        for record in records {
            switch record {
            case .profile(let facts): profile.stack = profile.stack ?? facts.stack
            case .item(let item): profile.items.append(item)
            case .event(let event):
                profile.events.append(event)
                // The stack chosen last is the learner's stack.
                if event.kind == .stack, case .stack(let stack)? = EventSubject(event.item), event.at >= (latestStackChoice?.at ?? .distantPast) {
                    latestStackChoice = (event.at, stack)
                }
            case .card(let card): profile.cards?.append(card)
            case .review(let review): profile.reviews?.append(review)
            case .verification(let verification): profile.verified?.append(verification)
            case .exercise(let exercise): profile.exercises?.append(exercise)
            }
        }
        if let latestStackChoice { profile.stack = latestStackChoice.stack }
        return ProgressExport(format: ProgressExport.formatName, version: ProgressExport.currentVersion, exportedAt: now, profiles: [profile])
    }

    /// The records `rules` accept, and how many they refused (a record naming a skill this
    /// curriculum lacks, or dated in the future, is left on the server and not applied).
    public static func accepted(_ records: [CohortRecord], rules: ProgressExport.Rules) -> (accepted: [CohortRecord], refused: Int) {
        // Nearly always every record passes: checked together first, one by one only if not.
        if (try? export(name: "check", createdAt: rules.now, records: records, now: rules.now).validate(rules)) != nil { return (records, 0) }
        var accepted: [CohortRecord] = []
        var refused = 0
        for record in records {
            let single = export(name: "check", createdAt: rules.now, records: [record], now: rules.now)
            if (try? single.validate(rules)) != nil { accepted.append(record) } else { refused += 1 }
        }
        return (accepted, refused)
    }
}

extension ProgressExport.Rules {
    /// The rules of a curriculum at `now`: its skills' lessons and projects' milestones.
    public init(catalog: Catalog, now: Date) {
        self.init(skills: Dictionary(catalog.skills.map { ($0.slug, $0.lessons.count) }, uniquingKeysWith: { a, _ in a }),
                  projects: Dictionary(catalog.projects.map { ($0.slug, $0.milestones.count) }, uniquingKeysWith: { a, _ in a }),
                  now: now)
    }
}
