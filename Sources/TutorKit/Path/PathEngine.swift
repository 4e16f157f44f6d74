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

    /// A run of the path's items: a skill's lessons, one after another, or one project. The path
    /// is kept as its stretches and its items are made as they are read: a path of 10,000 lessons
    /// is 500 stretches, and a learner's standing, progress and hours left are worked out a stretch
    /// at a time (building 10,000 items, then the standing on each and the report over them, was
    /// 10 million instructions of `progress` at 10,000 lessons).
    struct Stretch: Sendable {
        enum Kind: Sendable {
            /// The lessons of ``PathEngine/skills``'s skill at `pathSkill`, numbered from 1.
            case lessons(skill: String, pathSkill: Int)
            case project(String)
        }
        var kind: Kind
        /// The index in ``PathEngine/items`` of the stretch's first item.
        var start: Int
        var count: Int
        var level: Level
        /// Each item's hours.
        var hours: Double
        /// The next stretch of the same skill (a skill placed in two levels, which lint reports), or -1.
        var nextOfSkill = -1

        func key(_ offset: Int) -> ItemKey {
            switch kind {
            case .lessons(let skill, _): .lesson(skill: skill, number: offset + 1)
            case .project(let slug): .project(slug)
            }
        }

        func item(_ offset: Int) -> Item { Item(key: key(offset), level: level, hours: hours) }
    }

    /// Every lesson and project, in study order.
    public struct Items: RandomAccessCollection, Sendable {
        let stretches: [Stretch]
        public let endIndex: Int
        public var startIndex: Int { 0 }

        public subscript(index: Int) -> Item {
            let stretch = stretches[Self.stretch(containing: index, in: stretches)]
            return stretch.item(index - stretch.start)
        }

        /// The stretch that holds item `index`.
        static func stretch(containing index: Int, in stretches: [Stretch]) -> Int {
            precondition(index >= 0 && index < (stretches.last.map { $0.start + $0.count } ?? 0), "item index out of range")
            var low = 0, high = stretches.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if stretches[middle].start <= index { low = middle } else { high = middle - 1 }
            }
            return low
        }

        public struct Iterator: IteratorProtocol {
            let stretches: [Stretch]
            var stretch = 0, offset = 0

            public mutating func next() -> Item? {
                while stretch < stretches.count, offset >= stretches[stretch].count {
                    stretch += 1
                    offset = 0
                }
                guard stretch < stretches.count else { return nil }
                defer { offset += 1 }
                return stretches[stretch].item(offset)
            }
        }

        public func makeIterator() -> Iterator { Iterator(stretches: stretches) }
    }

    public let path: LearningPath
    public let catalog: Catalog
    /// Every lesson and project, in study order.
    public let items: Items
    /// Skills in study order.
    public let skills: [String]
    /// Where each of ``skills`` is in the catalog's skills.
    let skillPositions: [Int]
    var stretches: [Stretch] { items.stretches }
    /// For each of the catalog's skills, its first stretch on the path, or -1.
    let firstStretch: [Int]

    /// The learner's stack: the language and framework skills of other stacks are left out of
    /// the path (they stay a `/learn SLUG` away). nil keeps every skill.
    public let stack: Stack?

    public init(path: LearningPath, catalog: Catalog, stack: Stack? = nil) {
        self.path = path
        self.catalog = catalog
        self.stack = stack
        var stretches: [Stretch] = []
        var skills: [String] = [], positions: [Int] = []
        var firstStretch = [Int](repeating: -1, count: catalog.skills.count)
        var lastStretch = firstStretch
        var count = 0
        // Skills are read in place by their position, looked up once: copying each one's metadata
        // to read a field was most of building the path, and looking each slug up again at each
        // step 0.5 million instructions of it at 10,000 lessons.
        for level in path.levels {
            let onPath = level.skills.compactMap { slug -> Int? in
                guard let at = catalog.position(ofSkill: slug) else { return nil }
                let own = catalog.skills[at].stack
                return stack == nil || own == nil || own == stack ? at : nil
            }
            for at in Self.prerequisitesFirst(positions: onPath, catalog: catalog) {
                let slug = catalog.skills[at].slug
                let lessons = catalog.skills[at].lessons.count
                let share = Double(catalog.skills[at].hours) / Double(max(lessons, 1))
                if lessons > 0 {
                    if lastStretch[at] >= 0 { stretches[lastStretch[at]].nextOfSkill = stretches.count } else { firstStretch[at] = stretches.count }
                    lastStretch[at] = stretches.count
                    stretches.append(Stretch(kind: .lessons(skill: slug, pathSkill: skills.count), start: count, count: lessons, level: level.level, hours: share))
                    count += lessons
                }
                skills.append(slug)
                positions.append(at)
            }
            for slug in level.projects {
                guard let project = catalog.outline(slug) else { continue }
                stretches.append(Stretch(kind: .project(slug), start: count, count: 1, level: level.level, hours: Double(project.hours)))
                count += 1
            }
        }
        items = Items(stretches: stretches, endIndex: count)
        self.skills = skills
        skillPositions = positions
        self.firstStretch = firstStretch
    }

    /// The stretches of a skill's lessons on the path, in order: one, unless lint's rule that a
    /// skill is in one level is broken.
    func stretches(ofSkill slug: String) -> some Sequence<Int> {
        let first = catalog.position(ofSkill: slug).map { firstStretch[$0] } ?? -1
        return sequence(first: first) { [stretches] in stretches[$0].nextOfSkill }.prefix { $0 >= 0 }
    }

    /// The stretches that hold lesson `number` of a skill: those of ``stretches(ofSkill:)`` whose
    /// lessons reach that far (none for a number past the skill's lessons, or below 1).
    func stretches(holding slug: String, lesson number: Int) -> some Sequence<Int> {
        stretches(ofSkill: slug).lazy.filter { [stretches] in number >= 1 && number <= stretches[$0].count }
    }

    /// Where `key` is in ``items``, if it is on the path.
    public func index(of key: ItemKey) -> Int? {
        switch key {
        case .lesson(let skill, let number):
            return stretches(holding: skill, lesson: number).first { _ in true }.map { stretches[$0].start + number - 1 }
        case .project(let slug):
            return stretches.first { if case .project(slug) = $0.kind { return true }; return false }?.start
        case .skill, .milestone:
            return nil
        }
    }

    /// A stable topological order: the path's order, except that a prerequisite within the same
    /// list moves before the skill that needs it. Cycles (which lint rejects) keep the path's order.
    static func prerequisitesFirst(_ slugs: [String], catalog: Catalog) -> [String] {
        var unknown: Set<String> = []
        var ordering = Ordering(catalog: catalog, positions: slugs.map { catalog.position(ofSkill: $0) })
        return ordering.order().compactMap { placed in
            switch placed {
            case .known(let at): catalog.skills[at].slug
            case .unknown(let index): unknown.insert(slugs[index]).inserted ? slugs[index] : nil
            }
        }
    }

    /// The same order for skills given by their positions in the catalog.
    static func prerequisitesFirst(positions: [Int], catalog: Catalog) -> [Int] {
        var ordering = Ordering(catalog: catalog, positions: positions)
        return ordering.order().compactMap { if case .known(let at) = $0 { at } else { nil } }
    }

    enum Placed { case known(Int), unknown(Int) }

    /// The order of skills by their positions in the catalog, nil for a slug the catalog does not
    /// have, which stays where it is (`.unknown` gives its index in `positions`).
    ///
    /// Skills stand as their positions in the catalog, marked in arrays: sets of slugs, hashed for
    /// every question, were 3.3 million instructions of building a 10,000-lesson path. The marks
    /// are a value's stored properties, not variables a nested function captures (kept in boxes
    /// on the heap), and positions given as `[Int]` are not cast to `[Int?]`: the two were 0.4
    /// million instructions of the 10,000-lesson path.
    private struct Ordering {
        private enum Mark { case unseen, visiting, placed }
        private let catalog: Catalog
        private let count: Int
        private let position: (Int) -> Int?
        private var inList: [Bool]
        private var marks: [Mark]
        private var placed: [Placed] = []

        init(catalog: Catalog, positions: [Int?]) {
            self.init(catalog: catalog, count: positions.count) { positions[$0] }
        }

        init(catalog: Catalog, positions: [Int]) {
            self.init(catalog: catalog, count: positions.count) { positions[$0] }
        }

        private init(catalog: Catalog, count: Int, position: @escaping (Int) -> Int?) {
            self.catalog = catalog
            self.count = count
            self.position = position
            inList = [Bool](repeating: false, count: catalog.skills.count)
            marks = [Mark](repeating: .unseen, count: catalog.skills.count)
        }

        mutating func order() -> [Placed] {
            for index in 0..<count {
                if let at = position(index) { inList[at] = true }
            }
            placed.reserveCapacity(count)
            for index in 0..<count {
                if let at = position(index) { place(at) } else { placed.append(.unknown(index)) }
            }
            return placed
        }

        private mutating func place(_ at: Int) {
            guard marks[at] == .unseen else { return }
            marks[at] = .visiting
            for prerequisite in catalog.skills[at].prerequisites {
                if let before = catalog.position(ofSkill: prerequisite), inList[before] { place(before) }
            }
            marks[at] = .placed
            placed.append(.known(at))
        }
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
    /// out in one pass over the stretches: a report reads each several times.
    public struct Standing: Sendable {
        /// The statuses as stored.
        public let stored: Statuses
        /// The status of each of ``PathEngine/items``, in their order.
        public let items: ItemStatuses
        /// The status of each of ``PathEngine/skills``.
        public let skills: SkillStatuses
    }

    /// The statuses of a stretch's items: one for all of them (a skill none of whose lessons has
    /// a status of its own, or a project), or one each.
    enum StretchStatus: Sendable {
        case all(ItemStatus)
        case each([ItemStatus])

        subscript(offset: Int) -> ItemStatus {
            switch self {
            case .all(let status): status
            case .each(let statuses): statuses[offset]
            }
        }

        /// How many of the stretch's `length` items have a status that `matches`.
        func count(of length: Int, where matches: (ItemStatus) -> Bool) -> Int {
            switch self {
            case .all(let status): matches(status) ? length : 0
            case .each(let statuses): statuses.reduce(0) { $0 + (matches($1) ? 1 : 0) }
            }
        }
    }

    /// The status of each of the path's items, in their order.
    public struct ItemStatuses: RandomAccessCollection, Sendable {
        let stretches: [Stretch]
        /// One for each stretch.
        let runs: [StretchStatus]
        public let endIndex: Int
        public var startIndex: Int { 0 }

        public subscript(index: Int) -> ItemStatus {
            let at = Items.stretch(containing: index, in: stretches)
            return runs[at][index - stretches[at].start]
        }
    }

    /// The status of each skill on the path, by slug.
    public struct SkillStatuses: Sendable {
        let catalog: Catalog
        /// By the skill's position in the catalog; nil for a skill not on the path.
        let byPosition: [ItemStatus?]

        public subscript(slug: String) -> ItemStatus? {
            catalog.position(ofSkill: slug).flatMap { byPosition[$0] }
        }
    }

    public func standing(_ statuses: Statuses) -> Standing {
        // A learner has statuses for a few items of a long path: they are grouped by skill first,
        // so a skill none of whose lessons has one costs no lookup and no list. Each skill's are
        // kept by its position in the catalog, its lessons' at their places, not in dictionaries
        // keyed by slug or number (the first use of a dictionary type keyed by numbers cost the
        // runtime a search of the binary's conformances, 0.5 million instructions).
        var explicit = [ItemStatus?](repeating: nil, count: catalog.skills.count)
        var lessonStatuses = [[ItemStatus?]](repeating: [], count: catalog.skills.count)
        for (key, status) in statuses {
            switch key {
            case .skill(let slug):
                if let at = catalog.position(ofSkill: slug) { explicit[at] = status }
            case .lesson(let slug, let number):
                // A number past the skill's lessons (one removed from its file, or a damaged row)
                // is on no path.
                guard let at = catalog.position(ofSkill: slug), number >= 1, number <= catalog.skills[at].lessons.count else { continue }
                if lessonStatuses[at].count < number { lessonStatuses[at] += repeatElement(nil, count: number - lessonStatuses[at].count) }
                lessonStatuses[at][number - 1] = status
            case .project, .milestone:
                continue
            }
        }
        var runs: [StretchStatus] = []
        runs.reserveCapacity(stretches.count)
        var skillStatuses = [ItemStatus?](repeating: nil, count: catalog.skills.count)
        for stretch in stretches {
            switch stretch.kind {
            case .project(let slug):
                runs.append(.all(statuses[.project(slug)] ?? .notStarted))
            case .lessons(_, let pathSkill):
                let at = skillPositions[pathSkill]
                let own = explicit[at], stored = lessonStatuses[at]
                if stored.isEmpty {
                    runs.append(.all(own.flatMap { $0.isSettled ? $0 : nil } ?? .notStarted))
                    skillStatuses[at] = Self.skillStatus(explicit: own, lessons: repeatElement(.notStarted, count: stretch.count))
                    continue
                }
                var lessons: [ItemStatus] = [], effective: [ItemStatus] = []
                lessons.reserveCapacity(stretch.count)
                effective.reserveCapacity(stretch.count)
                for offset in 0..<stretch.count {
                    let mine = offset < stored.count ? stored[offset] : nil
                    lessons.append(mine ?? .notStarted)
                    if let own, own.isSettled, !(mine?.isSettled ?? false) { effective.append(own) } else { effective.append(mine ?? .notStarted) }
                }
                runs.append(.each(effective))
                skillStatuses[at] = Self.skillStatus(explicit: own, lessons: lessons)
            }
        }
        // A skill without lessons has no stretch: its own status is its status.
        for at in skillPositions where skillStatuses[at] == nil {
            skillStatuses[at] = Self.skillStatus(explicit: explicit[at], lessons: EmptyCollection())
        }
        return Standing(stored: statuses, items: ItemStatuses(stretches: stretches, runs: runs, endIndex: items.endIndex),
                        skills: SkillStatuses(catalog: catalog, byPosition: skillStatuses))
    }

    /// A skill's status from its own stored one and its lessons' stored ones.
    static func skillStatus(explicit: ItemStatus?, lessons: some Collection<ItemStatus>) -> ItemStatus {
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
        // Walked a stretch at a time, stopping at the first answer: a skill none of whose lessons
        // is open is passed over whole, and prerequisites are asked once for a stretch.
        if case .lesson(let skill, let number)? = current {
            for at in stretches(ofSkill: skill) {
                let run = standing.items.runs[at]
                for offset in max(number, 0)..<max(stretches[at].count, number) where !run[offset].isSettled { return stretches[at].item(offset) }
            }
        }
        var firstOpen: Item?
        for (at, stretch) in stretches.enumerated() {
            let run = standing.items.runs[at]
            if case .all(let status) = run, status.isSettled { continue }
            guard let offset = (0..<stretch.count).first(where: { !run[$0].isSettled && stretch.key($0) != current }) else { continue }
            if prerequisitesMet(stretch.key(offset), in: standing.stored) { return stretch.item(offset) }
            // The rest of the stretch has the same prerequisites, unmet.
            if firstOpen == nil { firstOpen = stretch.item(offset) }
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
        func add(_ status: ItemStatus, _ count: Int, at level: Int) {
            switch status {
            case .done: result[level].done += count
            case .known: result[level].known += count
            case .skipped: result[level].skipped += count
            case .notStarted, .inProgress: break
            }
        }
        for (stretch, run) in zip(stretches, standing.items.runs) {
            let at = stretch.level.ordinal
            result[at].total += stretch.count
            switch run {
            case .all(let status): add(status, stretch.count, at: at)
            case .each(let statuses): for status in statuses { add(status, 1, at: at) }
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
        for (stretch, run) in zip(stretches, standing.items.runs) {
            // Added an item at a time, in the path's order, as a sum over the items gives it:
            // multiplying a stretch's hours by its count rounds differently.
            for _ in 0..<run.count(of: stretch.count, where: { !$0.isSettled }) { left += stretch.hours }
        }
        return left * (pace ?? 1)
    }

    public func item(_ key: ItemKey) -> Item? { index(of: key).map { items[$0] } }

    // MARK: - Time

    /// How many of a level's projects the path asks a learner to build.
    public static let projectsPerLevel = 2
    /// The part-time pace the path plans with, in hours a week.
    public static let hoursPerWeek = 10...15

    /// The hours a level takes: its lessons on this learner's path and the path's share of its
    /// projects (the two shortest at the least, the two longest at the most).
    public func studyHours(of level: Level) -> ClosedRange<Double> {
        var lessons = 0.0, projects: [Double] = []
        for stretch in stretches where stretch.level == level {
            switch stretch.kind {
            // An item at a time, in the path's order, as a sum over the items gives it.
            case .lessons: for _ in 0..<stretch.count { lessons += stretch.hours }
            case .project: projects.append(stretch.hours)
            }
        }
        projects.sort()
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
