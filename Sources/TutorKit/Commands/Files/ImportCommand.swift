import ArgumentParser
import Foundation

/// `import FILE`: merge an export; newer work always wins.
public struct ImportCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "import", abstract: "Merge an export; newer work always wins.")
    public static let usage = "import FILE"

    @Argument(help: "A file written by export.", completion: .file(extensions: ["json"]))
    public var file: String

    @OptionGroup public var global: GlobalOptions

    public init() {}

    /// The catalog: an import may name only skills and projects this curriculum has.
    public var needs: Needs { Needs(.catalog, .required) }

    public func run(in context: CommandContext) throws -> Message {
        let store = try context.requireStore()
        let path = URL(fileURLWithPath: file, relativeTo: context.workingDirectory).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError.io(path: file, reason: "cannot be read (missing, or no permission)")
        }
        let export: ProgressExport
        do {
            export = try ProgressExport.decode(data)
            try export.validate(ProgressExport.Rules(catalog: context.catalog, now: context.now))
        } catch {
            throw StoreError.invalidImport(path: file, reason: error.reason)
        }
        let summary = try store.merge(export)
        return Message(.success, "Imported \(summary.profiles) profile\(summary.profiles == 1 ? "" : "s"): \(summary.newerItems) newer item statuses taken, \(summary.keptItems) kept because yours were as new or newer, \(summary.newEvents) events added.")
    }
}
