import ArgumentParser
import Foundation

/// `help [COMMAND]`: every command with one line each, or one command's full help.
public struct HelpCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "help", abstract: "List the commands, or show one command's full help.")
    public static let usage = "help [COMMAND]"
    public static let completion: ArgumentCompletion? = .command

    @Argument(help: "A command to explain, such as skill.", completion: .list(CommandList.names))
    public var command: String?

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public static func direct(_ arguments: [String]) -> Self? {
        guard let read = DirectArguments(arguments, grammar: .init(words: 0...1)) else { return nil }
        var command = Self()
        command.global = read.global
        command.command = read.words.first
        return command
    }

    public var looksOnly: Bool { true }

    public var needs: Needs { Needs(.none, .none) }

    public enum Result: CommandResult {
        /// Every listed command: its usage and what it does.
        case overview([(usage: String, summary: String)])
        /// One command's generated help, as the shell types it.
        case command(String)
        /// One command's help, as the REPL types it.
        case replCommand(ReplHelp.Entry)

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .overview(let lines): try container.encode(lines.map { ["usage": $0.usage, "summary": $0.summary] })
            case .command(let text): try container.encode(text)
            case .replCommand(let entry): try container.encode(entry)
            }
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        guard let command else {
            return .overview(CommandList.listed.map { ($0.usage, $0.configuration.abstract) })
        }
        let name = command.hasPrefix("/") ? String(command.dropFirst()) : command
        guard let type = CommandList.command(named: name) else {
            throw CommandError.unknownCommand(name, suggestion: Suggestions.nearest(to: name, in: CommandList.names, limit: 1).first)
        }
        if context.mode == .repl { return .replCommand(ReplHelp.entry(for: type)) }
        return .command(RootCommand.helpMessage(for: type).trimmingCharacters(in: .newlines))
    }
}
