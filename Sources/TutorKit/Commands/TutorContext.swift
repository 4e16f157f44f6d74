import Foundation

/// What a ``Tutor`` needs beyond the curriculum: where progress is kept, whose it is, and the time.
public struct TutorContext: Sendable {
    /// nil when no progress database could be opened; commands that need one then say so.
    public var progress: ProgressStore?
    public var profileName: String
    public var now: @Sendable () -> Date
    public var calendar: Calendar

    public static let defaultProfile = "default"

    public init(progress: ProgressStore? = nil, profileName: String? = nil, now: @escaping @Sendable () -> Date = { Date() }, calendar: Calendar = .current) {
        self.progress = progress
        self.profileName = profileName ?? Self.defaultProfile
        self.now = now
        self.calendar = calendar
    }
}
