import Foundation
import GRDB

/// Where one exercise stands for one learner.
public struct ExerciseState: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "exerciseState"
    public var profileId: Int64
    public var skill: String
    public var exerciseId: String
    /// The number of the lesson it follows: a solved exercise marks that lesson practised.
    public var lesson: Int
    public var attempts: Int
    public var hints: Int
    public var lastAnswer: String?
    public var openedAt: Date?
    public var solvedAt: Date?
    public var gaveUpAt: Date?

    public init(profileId: Int64, skill: String, exerciseId: String, lesson: Int) {
        self.profileId = profileId
        self.skill = skill
        self.exerciseId = exerciseId
        self.lesson = lesson
        attempts = 0
        hints = 0
    }

    public var solved: Bool { solvedAt != nil }
    public var gaveUp: Bool { gaveUpAt != nil }
    /// Solved or given up: the solution may be shown.
    public var finished: Bool { solved || gaveUp }
}

/// The learner's settings, by name.
public enum SettingName: String, Sendable {
    /// The exercise in hand, `skill/id`: `/check`, `/hint` and `/solution` act on it.
    case currentExercise = "exercise.current"
    /// The server `http` exercises are checked against, as last given to `--url`.
    case exerciseURL = "exercise.url"
    /// The command that starts it, as last given to `--run`.
    case exerciseCommand = "exercise.run"
    /// `yes` when `/next` goes straight on, without offering a lesson's exercise.
    case skipExercises = "exercise.skip"
    /// The lesson (`skill/number`) whose exercise `/next` offered last: the next `/next` goes on.
    case offeredExercise = "exercise.offered"
}

extension ProgressStore {
    public func exerciseState(_ exercise: Exercise, for profile: Profile) throws(StoreError) -> ExerciseState {
        try read { db in
            try ExerciseState.fetchOne(db, key: ["profileId": profile.id, "skill": exercise.skill, "exerciseId": exercise.id])
        } ?? ExerciseState(profileId: profile.id, skill: exercise.skill, exerciseId: exercise.id, lesson: exercise.lessonNumber)
    }

    /// Every exercise state of a skill (or of every skill), by `skill/id`.
    public func exerciseStates(skill: String? = nil, for profile: Profile) throws(StoreError) -> [String: ExerciseState] {
        let skill: StoredArgument = skill.map { .text($0) } ?? .null
        let states = try fetchAll("SELECT * FROM exerciseState WHERE profileId = ? AND (? IS NULL OR skill = ?)", [.integer(profile.id), skill, skill]) {
            try ExerciseState(stored: $0)
        }
        return Dictionary(states.map { ("\($0.skill)/\($0.exerciseId)", $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Changes one exercise's state in a transaction: read, change, save.
    @discardableResult
    public func updateExercise(_ exercise: Exercise, for profile: Profile, _ change: @escaping @Sendable (inout ExerciseState) -> Void) throws(StoreError) -> ExerciseState {
        try write { db in
            var state = try ExerciseState.fetchOne(db, key: ["profileId": profile.id, "skill": exercise.skill, "exerciseId": exercise.id])
                ?? ExerciseState(profileId: profile.id, skill: exercise.skill, exerciseId: exercise.id, lesson: exercise.lessonNumber)
            state.lesson = exercise.lessonNumber
            change(&state)
            try state.save(db)
            return state
        }
    }

    /// Whether an exercise after lesson `lesson` of `skill` is solved or given up.
    public func finishedExercise(skill: String, lesson: Int, for profile: Profile) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM exerciseState WHERE profileId = ? AND skill = ? AND lesson = ?
                    AND (solvedAt IS NOT NULL OR gaveUpAt IS NOT NULL))
                """, arguments: [profile.id, skill, lesson]) ?? false
        }
    }

    public func setting(_ name: SettingName, for profile: Profile) throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE profileId = ? AND name = ?", arguments: [profile.id, name.rawValue])
        }
    }

    /// Sets a setting; nil removes it.
    public func setSetting(_ name: SettingName, _ value: String?, for profile: Profile) throws(StoreError) {
        try write { db in
            if let value {
                try db.execute(sql: "INSERT OR REPLACE INTO setting (profileId, name, value) VALUES (?, ?, ?)", arguments: [profile.id, name.rawValue, value])
            } else {
                try db.execute(sql: "DELETE FROM setting WHERE profileId = ? AND name = ?", arguments: [profile.id, name.rawValue])
            }
        }
    }
}
