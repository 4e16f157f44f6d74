import Foundation

/// Orders a path's lessons and projects and answers where a learner stands in it.
/// Prerequisites advise; they never block.
public struct PathEngine: Sendable {
    public struct Item: Hashable, Sendable {
        public var key: ItemKey
        public var level: Level
        /// Estimated hours: a lesson's share of its skill's hours, or a project's hours.
        public var hours: Double
    }

    public let path: LearningPath
    public let catalog: Catalog
    /// Every lesson and project, in study order.
    public let items: [Item]
    /// Skills in study order.
    public let skills: [String]
    /// Where each of ``skills`` is in the catalog's skills.
    let skillPositions: [Int]

    /// The learner's stack: the language and framework skills of other stacks are left out of
    /// the path (they stay a `/learn SLUG` away). nil keeps every skill.
    public let stack: Stack?

    public init(path: LearningPath, catalog: Catalog, stack: Stack? = nil) {
        self.path = path
        self.catalog = catalog
        self.stack = stack
        var items: [Item] = []
        var skills: [String] = [], positions: [Int] = []
        // Skills are read in place by their position: copying each one's metadata to read a field
        // was most of building the path.
        func onPath(_ slug: String) -> Bool {
            guard let at = catalog.position(ofSkill: slug) else { return false }
            let own = catalog.skills[at].stack
            return stack == nil || own == nil || own == stack
        }
        for level in path.levels {
            let ordered = Self.prerequisitesFirst(level.skills.filter(onPath), catalog: catalog)
            for slug in ordered {
                guard let at = catalog.position(ofSkill: slug) else { continue }
                skills.append(slug)
                positions.append(at)
                let lessons = catalog.skills[at].lessons.count
                let share = Double(catalog.skills[at].hours) / Double(max(lessons, 1))
                for number in 0..<lessons {
                    items.append(Item(key: .lesson(skill: slug, number: number + 1), level: level.level, hours: share))
                }
            }
            for slug in level.projects {
                guard let project = catalog.outline(slug) else { continue }
                items.append(Item(key: .project(slug), level: level.level, hours: Double(project.hours)))
            }
        }
        self.items = items
        self.skills = skills
        skillPositions = positions
    }

    /// A stable topological order: the path's order, except that a prerequisite within the same
    /// list moves before the skill that needs it. Cycles (which lint rejects) keep the path's order.
    static func prerequisitesFirst(_ slugs: [String], catalog: Catalog) -> [String] {
        // Skills stand as their positions in the catalog, marked in arrays: sets of slugs, hashed
        // for every question, were 3.3 million instructions of building a 10,000-lesson path.
        let positions = slugs.map { catalog.position(ofSkill: $0) }
        var inList = [Bool](repeating: false, count: catalog.skills.count)
        for case let at? in positions { inList[at] = true }
        enum Mark { case unseen, visiting, placed }
        var marks = [Mark](repeating: .unseen, count: catalog.skills.count)
        var placed: [String] = []
        var unknown: Set<String> = []
        func place(_ at: Int) {
            guard marks[at] == .unseen else { return }
            marks[at] = .visiting
            for prerequisite in catalog.skills[at].prerequisites {
                if let before = catalog.position(ofSkill: prerequisite), inList[before] { place(before) }
            }
            marks[at] = .placed
            placed.append(catalog.skills[at].slug)
        }
        for (slug, at) in zip(slugs, positions) {
            if let at { place(at) } else if unknown.insert(slug).inserted { placed.append(slug) }
        }
        return placed
    }

    // MARK: - Questions about a learner

    /// A learner's statuses, by item.
    public typealias Statuses = [ItemKey: ItemStatus]

    public func status(_ key: ItemKey, in statuses: Statuses) -> ItemStatus {
        switch key {
        case .skill(let slug):
            if let explicit = statuses[key], explicit.isSettled { return explicit }
            return Self.skillStatus(explicit: statuses[key], lessons: lessonKeys(of: slug).map { statuses[$0] ?? .notStarted })
        case .lesson(let skill, _):
            if let explicit = statuses[ItemKey.skill(skill)], explicit.isSettled, !(statuses[key]?.isSettled ?? false) {
                return explicit
            }
            return statuses[key] ?? .notStarted
        case .project, .milestone:
            return statuses[key] ?? .notStarted
        }
    }

    /// Every item's status and every skill's on the path, as ``status(_:in:)`` gives them, worked
    /// out in one pass: a report reads each several times (at 10,000 lessons the passes were 60
    /// million instructions).
    public struct Standing: Sendable {
        /// The statuses as stored.
        public let stored: Statuses
        /// The status of each of ``PathEngine/items``, in their order.
        public let items: [ItemStatus]
        /// The status of each of ``PathEngine/skills``.
        public let skills: [String: ItemStatus]
    }

    public func standing(_ statuses: Statuses) -> Standing {
        // A learner has statuses for a few items of a long path: they are grouped by skill first,
        // so a lesson of an untouched skill costs no lookup (looking up each of 10,000 lessons
        // was 9 million instructions of every `progress`). Each skill's are kept at their lesson's
        // place, not in a dictionary keyed by number, whose type's first use cost the runtime a
        // search of the binary's conformances (0.5 million instructions).
        var lessonStatuses: [String: [ItemStatus?]] = [:]
        for (key, status) in statuses {
            // A number past the skill's lessons (one removed from its file, or a damaged row) is
            // on no path.
            guard case .lesson(let slug, let number) = key, number >= 1, number <= catalog.metadata(slug)?.lessons.count ?? 0 else { continue }
            var stored = lessonStatuses[slug] ?? []
            if stored.count < number { stored += repeatElement(nil, count: number - stored.count) }
            stored[number - 1] = status
            lessonStatuses[slug] = stored
        }
        var effective: [ItemStatus] = []
        effective.reserveCapacity(items.count)
        var skillStatuses: [String: ItemStatus] = [:]
        skillStatuses.reserveCapacity(skills.count)
        // One list of the current skill's lesson statuses, emptied for the next skill, not one
        // made and grown for each (at 10,000 lessons, 500 lists and 1,000 reallocations).
        var lessons: [ItemStatus] = []
        var skill: (slug: String, explicit: ItemStatus?, stored: [ItemStatus?])?
        func close() {
            guard let skill else { return }
            skillStatuses[skill.slug] = Self.skillStatus(explicit: skill.explicit, lessons: lessons)
            lessons.removeAll(keepingCapacity: true)
        }
        for item in items {
            guard case .lesson(let slug, let number) = item.key else {
                effective.append(statuses[item.key] ?? .notStarted)
                continue
            }
            if skill?.slug != slug {
                close()
                skill = (slug, statuses[.skill(slug)], lessonStatuses[slug] ?? [])
            }
            let stored = skill!.stored
            let own = number >= 1 && number <= stored.count ? stored[number - 1] : nil
            lessons.append(own ?? .notStarted)
            if let explicit = skill!.explicit, explicit.isSettled, !(own?.isSettled ?? false) {
                effective.append(explicit)
            } else {
                effective.append(own ?? .notStarted)
            }
        }
        close()
        // A skill without lessons has no items: its own status is its status.
        for slug in skills where skillStatuses[slug] == nil {
            skillStatuses[slug] = Self.skillStatus(explicit: statuses[.skill(slug)], lessons: [])
        }
        return Standing(stored: statuses, items: effective, skills: skillStatuses)
    }

    /// A skill's status from its own stored one and its lessons' stored ones.
    static func skillStatus(explicit: ItemStatus?, lessons: [ItemStatus]) -> ItemStatus {
        if let explicit, explicit.isSettled { return explicit }
        if lessons.isEmpty { return explicit ?? .notStarted }
        if lessons.allSatisfy(\.isDone) { return lessons.contains(.done) ? .done : .known }
        if lessons.allSatisfy(\.isSettled) { return lessons.contains(where: \.isDone) ? .done : .skipped }
        return lessons.contains(where: { $0 != .notStarted }) ? .inProgress : .notStarted
    }

    public func lessonKeys(of skill: String) -> [ItemKey] {
        let count = catalog.metadata(skill)?.lessons.count ?? 0
        return (0..<count).map { .lesson(skill: skill, number: $0 + 1) }
    }

    /// Whether every prerequisite of the item's skill is done or skipped.
    public func prerequisitesMet(_ key: ItemKey, in statuses: Statuses) -> Bool {
        missingPrerequisites(key, in: statuses).isEmpty
    }

    public func missingPrerequisites(_ key: ItemKey, in statuses: Statuses) -> [String] {
        let required: [String]
        switch key {
        case .lesson(let skill, _), .skill(let skill): required = catalog.metadata(skill)?.prerequisites ?? []
        case .project(let slug), .milestone(let slug, _): required = catalog.outline(slug)?.skills ?? []
        }
        return required.filter { !status(.skill($0), in: statuses).isSettled }
    }

    /// The next thing to study after `current`: the rest of the current skill first; then the
    /// first unsettled item of the path whose prerequisites are met; else the first unsettled one.
    public func next(after current: ItemKey?, in statuses: Statuses) -> Item? {
        next(after: current, in: standing(statuses))
    }

    public func next(after current: ItemKey?, in standing: Standing) -> Item? {
        // Walked in place, stopping at the first answer: listing every open item first copied
        // 10,000 items at 10,000 lessons (5 million instructions of `next`).
        if case .lesson(let skill, let number)? = current {
            for index in items.indices {
                if case .lesson(skill, let n) = items[index].key, n > number, !standing.items[index].isSettled { return items[index] }
            }
        }
        var firstOpen: Item?
        for index in items.indices where !standing.items[index].isSettled && items[index].key != current {
            if prerequisitesMet(items[index].key, in: standing.stored) { return items[index] }
            if firstOpen == nil { firstOpen = items[index] }
        }
        return firstOpen
    }

    public struct LevelProgress: Hashable, Sendable, Codable {
        public var level: Level
        public var total: Int
        /// Studied here and finished.
        public var done: Int
        /// Already known when the learner started at a later level; counted as done.
        public var known: Int
        public var skipped: Int
        public var isComplete: Bool { done + known + skipped >= total }
        public var fraction: Double { total == 0 ? 1 : Double(done + known) / Double(total) }
    }

    public func progress(of level: Level, in statuses: Statuses) -> LevelProgress {
        progress(of: level, in: standing(statuses))
    }

    public func progress(of level: Level, in standing: Standing) -> LevelProgress {
        progress(in: standing)[level.ordinal]
    }

    /// Every level's progress, in the levels' order, from one pass over the items (a pass per
    /// level was 4 million instructions at 10,000 lessons).
    public func progress(in standing: Standing) -> [LevelProgress] {
        var result = Level.allCases.map { LevelProgress(level: $0, total: 0, done: 0, known: 0, skipped: 0) }
        for index in items.indices {
            let at = items[index].level.ordinal
            result[at].total += 1
            switch standing.items[index] {
            case .done: result[at].done += 1
            case .known: result[at].known += 1
            case .skipped: result[at].skipped += 1
            case .notStarted, .inProgress: break
            }
        }
        return result
    }

    /// The lowest level not yet complete (expert once everything is).
    public func currentLevel(in statuses: Statuses) -> Level {
        currentLevel(in: standing(statuses))
    }

    public func currentLevel(in standing: Standing) -> Level {
        Self.currentLevel(of: progress(in: standing))
    }

    /// The lowest level not yet complete (expert once everything is), from the levels' progress.
    public static func currentLevel(of levels: [LevelProgress]) -> Level {
        levels.first { !$0.isComplete }?.level ?? .expert
    }

    /// Estimated hours left, scaled by the learner's pace when `pace` is known (1 = as estimated).
    public func remainingHours(in statuses: Statuses, pace: Double? = nil) -> Double {
        remainingHours(in: standing(statuses), pace: pace)
    }

    public func remainingHours(in standing: Standing, pace: Double? = nil) -> Double {
        var left = 0.0
        for index in items.indices where !standing.items[index].isSettled { left += items[index].hours }
        return left * (pace ?? 1)
    }

    public func item(_ key: ItemKey) -> Item? { items.first { $0.key == key } }

    // MARK: - Time

    /// How many of a level's projects the path asks a learner to build.
    public static let projectsPerLevel = 2
    /// The part-time pace the path plans with, in hours a week.
    public static let hoursPerWeek = 10...15

    /// The hours a level takes: its lessons on this learner's path and the path's share of its
    /// projects (the two shortest at the least, the two longest at the most).
    public func studyHours(of level: Level) -> ClosedRange<Double> {
        let levelItems = items.filter { $0.level == level }
        let lessons = levelItems.filter { if case .lesson = $0.key { return true }; return false }.reduce(0) { $0 + $1.hours }
        let projects = levelItems.filter { if case .project = $0.key { return true }; return false }.map(\.hours).sorted()
        let count = min(Self.projectsPerLevel, projects.count)
        return (lessons + projects.prefix(count).reduce(0, +))...(lessons + projects.suffix(count).reduce(0, +))
    }

    /// The weeks `hours` take at the path's part-time pace, in whole weeks.
    public static func weeks(for hours: ClosedRange<Double>) -> ClosedRange<Int> {
        let fewest = Int((hours.lowerBound / Double(hoursPerWeek.upperBound)).rounded(.up))
        let most = Int((hours.upperBound / Double(hoursPerWeek.lowerBound)).rounded(.up))
        return max(fewest, 1)...max(most, 1)
    }

    /// The hours of a step of the path's sequence: its skills on this learner's path.
    public func studyHours(of step: PathStep) -> Double {
        step.skills.filter(skills.contains).reduce(0) { $0 + Double(catalog.metadata($1)?.hours ?? 0) }
    }

    /// The level a skill or project belongs to on this path.
    public func level(of key: ItemKey) -> Level? {
        switch key {
        case .skill(let slug): return path.levels.first { $0.skills.contains(slug) }?.level
        default: return item(key)?.level
        }
    }
}
