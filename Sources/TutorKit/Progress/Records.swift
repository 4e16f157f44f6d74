import Foundation
import GRDB

/// Where a learner stands on one lesson, skill or project.
public enum ItemStatus: String, Codable, Sendable, CaseIterable {
    case notStarted = "not-started"
    case inProgress = "in-progress"
    case done
    case skipped

    /// Done or skipped: nothing more to do.
    public var isSettled: Bool { self == .done || self == .skipped }
}

/// A learner: their name, stack and where they are.
public struct Profile: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "profile"
    public var id: Int64?
    public var name: String
    public var stack: Stack?
    public var createdAt: Date
    /// The item the learner has open: a lesson, a skill or a project key (see ``ItemKey``).
    public var currentItem: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The latest status of one item for one profile.
public struct ItemState: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "itemStatus"
    public var profileId: Int64
    public var item: String
    public var status: ItemStatus
    public var updatedAt: Date
}

/// One thing that happened, kept forever: streaks, pace and history are computed from these.
public struct ProgressEvent: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public enum Kind: String, Codable, Sendable {
        case opened, finished, skipped, reset, known, stack
    }

    public static let databaseTableName = "event"
    public var id: Int64?
    public var profileId: Int64
    public var at: Date
    public var kind: Kind
    public var item: String
    public var detail: String?
}

/// Keys that name items in the store: `lesson:rest-api-design/3`, `skill:sql-databases`,
/// `project:todo-api`. Lesson numbers count from 1.
public enum ItemKey: Hashable, Sendable, Comparable {
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

    /// The skill a lesson belongs to, or the skill itself.
    public var skillSlug: String? {
        switch self {
        case .lesson(let skill, _), .skill(let skill): skill
        case .project, .milestone: nil
        }
    }
}
