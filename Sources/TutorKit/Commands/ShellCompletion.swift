import ArgumentParser
import Foundation

/// Completes slugs in the bash, zsh and fish completion scripts, from the curriculum the tutor
/// would load.
enum ShellCompletion {
    private static var root: URL? {
        try? ContentLocator(environment: TutorEnvironment.current()).locate(explicit: nil)
    }

    private static func slugs(_ folder: String) -> [String] {
        guard let root else { return [] }
        return ContentFiles.slugs(in: root, folder: folder)
    }

    @Sendable static func skills(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        guard let root else { return [] }
        return ContentFiles.skillFolders(in: root).filter { $0.hasPrefix(prefix) }
    }

    /// `backend` and every skill.
    @Sendable static func learnable(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        (slugs("Content/paths") + skills(arguments, index, "")).filter { $0.hasPrefix(prefix) }
    }

    @Sendable static func projects(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        (Level.allCases.map(\.rawValue) + ["start", "check"] + slugs("Content/projects")).filter { $0.hasPrefix(prefix) }
    }

    @Sendable static func comparables(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        (slugs("Content/stacks") + slugs("Content/technologies")).filter { $0.hasPrefix(prefix) }
    }

    @Sendable static func practices(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        slugs("Content/practices").filter { $0.hasPrefix(prefix) }
    }

    /// Every skill and project.
    @Sendable static func items(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        (skills(arguments, index, "") + slugs("Content/projects")).filter { $0.hasPrefix(prefix) }
    }
}

extension Stack: ExpressibleByArgument {}
extension Level: ExpressibleByArgument {}
