import Foundation
import GRDB

/// Where a learner stands on one lesson, skill or project.
public enum ItemStatus: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case notStarted = "not-started"
    case inProgress = "in-progress"
    case done
    case skipped
    /// Marked as already known when the learner started at a later level.
    case known

    /// Done, known or skipped: nothing more to do.
    public var isSettled: Bool { self == .done || self == .skipped || self == .known }

    /// Done or known: counts as finished in the bars.
    public var isDone: Bool { self == .done || self == .known }
}

/// A learner: their name, stack and where they are.
public struct Profile: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "profile"
    public var id: Int64
    public var name: String
    public var stack: Stack?
    public var createdAt: Date
    /// The item the learner has open.
    public var currentItem: ItemKey?
    /// Show every stack's examples, not only the learner's.
    public var allStacks: Bool

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let name = Column(CodingKeys.name)
        public static let stack = Column(CodingKeys.stack)
        public static let currentItem = Column(CodingKeys.currentItem)
    }
}

/// A profile not yet stored: the database gives it its id.
struct NewProfile: Encodable, PersistableRecord {
    static let databaseTableName = Profile.databaseTableName
    var name: String
    var stack: Stack?
    var createdAt: Date
    var currentItem: ItemKey?

    /// Inserts the profile and returns it with its id.
    func insert(_ db: Database) throws -> Profile {
        try insert(db, onConflict: nil)
        return Profile(id: db.lastInsertedRowID, name: name, stack: stack, createdAt: createdAt, currentItem: currentItem, allStacks: false)
    }
}

/// The latest status of one item for one profile.
public struct ItemState: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "itemStatus"
    public var profileId: Int64
    public var item: ItemKey
    public var status: ItemStatus
    public var updatedAt: Date

    public enum Columns {
        public static let profileId = Column(CodingKeys.profileId)
        public static let item = Column(CodingKeys.item)
    }
}

/// What an event is about: an item of the path, the learner's stack, or the level they started at.
public enum EventSubject: Hashable, Sendable, TextKey {
    case item(ItemKey)
    case stack(Stack)
    case level(Level)

    public init?(_ text: String) {
        if text.hasPrefix("stack:") {
            guard let stack = Stack(rawValue: String(text.dropFirst("stack:".count))) else { return nil }
            self = .stack(stack)
        } else if text.hasPrefix("level:") {
            guard let level = Level(rawValue: String(text.dropFirst("level:".count))) else { return nil }
            self = .level(level)
        } else if let key = ItemKey(text) {
            self = .item(key)
        } else {
            return nil
        }
    }

    public var text: String {
        switch self {
        case .item(let key): key.text
        case .stack(let stack): "stack:\(stack.rawValue)"
        case .level(let level): "level:\(level.rawValue)"
        }
    }

    public static let names = "an item, a stack or a level"
}

/// One thing that happened, kept forever: streaks, pace and history are computed from these.
public struct ProgressEvent: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public enum Kind: String, Codable, Sendable, DatabaseValueConvertible {
        case opened, finished, skipped, reset, known, stack
    }

    public static let databaseTableName = "event"
    public var id: Int64?
    public var profileId: Int64
    public var at: Date
    public var kind: Kind
    public var item: EventSubject
    public var detail: String?

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let profileId = Column(CodingKeys.profileId)
        public static let at = Column(CodingKeys.at)
        public static let kind = Column(CodingKeys.kind)
    }

    init(profile: Profile, at: Date, kind: Kind, item: EventSubject, detail: String? = nil) {
        self.init(id: nil, profileId: profile.id, at: at, kind: kind, item: item, detail: detail)
    }

    init(id: Int64?, profileId: Int64, at: Date, kind: Kind, item: EventSubject, detail: String?) {
        self.id = id
        self.profileId = profileId
        self.at = at
        self.kind = kind
        self.item = item
        self.detail = detail
    }
}

/// Keys that name items in the store: `lesson:rest-api-design/3`, `skill:sql-databases`,
/// `project:todo-api`. Lesson numbers count from 1.
public enum ItemKey: Hashable, Sendable, Comparable, TextKey, CustomStringConvertible {
    case lesson(skill: String, number: Int)
    case skill(String)
    case project(String)
    /// Milestone `number` (from 1) of a project.
    case milestone(project: String, number: Int)

    public init?(_ text: String) {
        if text.hasPrefix("lesson:") {
            let rest = text.dropFirst("lesson:".count)
            guard let slash = rest.lastIndex(of: "/"), let number = Int(rest[rest.index(after: slash)...]), number > 0 else { return nil }
            self = .lesson(skill: String(rest[..<slash]), number: number)
        } else if text.hasPrefix("skill:") {
            self = .skill(String(text.dropFirst("skill:".count)))
        } else if text.hasPrefix("project:") {
            self = .project(String(text.dropFirst("project:".count)))
        } else if text.hasPrefix("milestone:") {
            let rest = text.dropFirst("milestone:".count)
            guard let slash = rest.lastIndex(of: "/"), let number = Int(rest[rest.index(after: slash)...]), number > 0 else { return nil }
            self = .milestone(project: String(rest[..<slash]), number: number)
        } else {
            return nil
        }
    }

    public var text: String {
        switch self {
        case .lesson(let skill, let number): "lesson:\(skill)/\(number)"
        case .skill(let slug): "skill:\(slug)"
        case .project(let slug): "project:\(slug)"
        case .milestone(let project, let number): "milestone:\(project)/\(number)"
        }
    }

    public var description: String { text }

    /// The skill a lesson belongs to, or the skill itself.
    public var skillSlug: String? {
        switch self {
        case .lesson(let skill, _), .skill(let skill): skill
        case .project, .milestone: nil
        }
    }

    public static func < (lhs: ItemKey, rhs: ItemKey) -> Bool { lhs.text < rhs.text }

    public static let names = "a lesson, a skill or a project"
}

/// A value kept as its text, in the database and in JSON: `lesson:rest-api-design/3`.
public protocol TextKey: Codable, DatabaseValueConvertible {
    init?(_ text: String)
    var text: String { get }
    /// What a valid text names, for the message about one that names nothing.
    static var names: String { get }
}

extension TextKey {
    public var databaseValue: DatabaseValue { text.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Self? {
        String.fromDatabaseValue(dbValue).flatMap(Self.init)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' names no \(Self.names)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension DerivableRequest<ItemState> {
    /// The statuses of one profile.
    func filter(_ profile: Profile) -> Self { filter(ItemState.Columns.profileId == profile.id) }
}

extension DerivableRequest<ProgressEvent> {
    /// The events of one profile, oldest first.
    func filter(_ profile: Profile) -> Self {
        filter(ProgressEvent.Columns.profileId == profile.id).order(ProgressEvent.Columns.at, ProgressEvent.Columns.id)
    }
}
