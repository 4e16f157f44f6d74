import ArgumentParser
import Foundation

/// `quit`: leave the REPL (Ctrl-D does too). In the shell it does nothing.
public struct QuitCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "quit", abstract: "Leave the tutor (or Ctrl-D); progress is saved.", aliases: ["exit"])
    public static let usage = "quit"

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var needs: Needs { Needs(.none, .none) }

    public func run(in context: CommandContext) throws -> Message { Message([]) }
}
