import ArgumentParser
import Foundation

/// `export`: every profile's progress as JSON, to move it elsewhere.
public struct ExportCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "export", abstract: "Write all progress as JSON, to move it elsewhere.")
    public static let usage = "export"

    @OptionGroup public var global: GlobalOptions

    public init() {}

    /// An export is data, always.
    public var json: Bool { true }

    public var needs: Needs { Needs(.folder, .required) }

    public func run(in context: CommandContext) throws -> ProgressExport {
        try context.requireStore().export(now: context.now)
    }
}

extension ProgressExport: CommandResult {}
