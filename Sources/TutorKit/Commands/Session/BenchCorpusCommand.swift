import ArgumentParser
import Foundation

/// `bench-corpus DIR`: writes the synthetic curriculum `make bench` measures; not listed in help.
public struct BenchCorpusCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "bench-corpus", abstract: "Write a synthetic curriculum for benchmarks.", shouldDisplay: false)
    public static let usage = "bench-corpus DIR"

    @Argument(help: "The folder to write into.")
    public var directory: String

    @Option(help: "How many skills.")
    public var skills = 500

    @Option(help: "Lessons per skill.")
    public var lessons = 20

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func validate() throws {
        guard skills >= 1, lessons >= 4 else { throw ValidationError("at least 1 skill of 4 lessons") }
    }

    public var needs: Needs { Needs(.none, .none) }

    public func run(in context: CommandContext) throws -> Message {
        let url = URL(fileURLWithPath: directory, relativeTo: context.workingDirectory).standardizedFileURL
        do {
            let count = try SyntheticCurriculum.write(to: url, skills: skills, lessons: lessons)
            return Message(.success, "Wrote \(skills) skills, \(count) lessons, to \(url.path).")
        } catch {
            throw FileFailure(path: url.path, reason: "could not write the corpus: \(error.localizedDescription)")
        }
    }
}
