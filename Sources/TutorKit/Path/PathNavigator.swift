import Foundation

/// Moves a learner along the path and keeps the store in step: what `/next`, `/back`, `/done`,
/// `/skip` and a first `/learn` change. Each move says what it did; commands show it.
public struct PathNavigator: Sendable {
    public let store: ProgressStore
    public let engine: PathEngine
    public let now: Date

    public init(store: ProgressStore, engine: PathEngine, now: Date) {
        self.store = store
        self.engine = engine
        self.now = now
    }

    /// Where the learner stands: on an open item, before the next one, or at the end.
    public enum Position: Hashable, Sendable {
        /// An item is open and not yet settled.
        case on(ItemKey)
        /// Nothing unsettled is open; this comes next.
        case next(ItemKey)
        case finished

        public static func of(_ profile: Profile, engine: PathEngine, statuses: PathEngine.Statuses) -> Position {
            of(profile, engine: engine, standing: engine.standing(statuses))
        }

        /// The same from a standing already worked out.
        public static func of(_ profile: Profile, engine: PathEngine, standing: PathEngine.Standing) -> Position {
            if let current = profile.currentItem, !engine.status(current, in: standing.stored).isSettled { return .on(current) }
            return engine.next(after: profile.currentItem, in: standing).map { .next($0.key) } ?? .finished
        }
    }

    public func position(of profile: Profile, in statuses: PathEngine.Statuses) -> Position {
        .of(profile, engine: engine, statuses: statuses)
    }

    /// What `/next` did before opening the next item.
    public struct Advance: Hashable, Sendable {
        /// The skill the finished lesson completed, if it did.
        public var finishedSkill: String?
        /// The item to open next; nil at the end of the path.
        public var next: ItemKey?
    }

    /// Finishes the open lesson (and logs its skill as finished when that was its last unsettled
    /// lesson), then finds what comes next.
    public func advance(_ profile: Profile) throws(StoreError) -> Advance {
        let current = profile.currentItem
        var finishedSkill: String?
        if let current, case .lesson(let slug, let number) = current {
            let statuses = try store.statuses(for: profile)
            // A lesson settled before, reopened with /back or /goto: step forward one lesson, as
            // the lesson's footer says, even when the next one is settled too.
            if engine.status(current, in: statuses).isSettled, number < engine.lessonKeys(of: slug).count {
                return Advance(finishedSkill: nil, next: .lesson(skill: slug, number: number + 1))
            }
            if !engine.status(current, in: statuses).isSettled {
                try store.set([current], to: .done, event: .finished, for: profile, now: now)
                if engine.status(.skill(slug), in: try store.statuses(for: profile)) == .done {
                    try store.log(.finished, item: .skill(slug), for: profile, now: now)
                    finishedSkill = slug
                }
            }
        }
        return Advance(finishedSkill: finishedSkill, next: engine.next(after: current, in: try store.statuses(for: profile))?.key)
    }

    /// The item before `current`: the lesson before it in its skill, else the path's item before.
    public func previous(_ current: ItemKey) -> ItemKey? {
        if case .lesson(let slug, let number) = current, number > 1 { return .lesson(skill: slug, number: number - 1) }
        guard let index = engine.index(of: current), index > 0 else { return nil }
        return engine.items[index - 1].key
    }

    /// A skill's first lesson that is not settled, else its first.
    public static func entry(to skill: String, engine: PathEngine?, statuses: PathEngine.Statuses) -> ItemKey {
        engine?.lessonKeys(of: skill).first { !engine!.status($0, in: statuses).isSettled } ?? .lesson(skill: skill, number: 1)
    }

    /// Starts the path at `level`: what earlier levels hold and is not settled yet is marked
    /// known. Returns how many items that was.
    public func start(_ profile: Profile, at level: Level) throws(StoreError) -> Int {
        let statuses = try store.statuses(for: profile)
        let known = engine.items.filter { $0.level < level && !engine.status($0.key, in: statuses).isSettled }.map(\.key)
        try store.start(profile, at: level, marking: known, now: now)
        return known.count
    }
}
