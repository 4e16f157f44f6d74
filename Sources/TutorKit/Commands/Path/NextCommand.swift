import ArgumentParser

/// `next`: finish the open lesson and open the next item of the path.
public struct NextCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "next", abstract: "Finish the open lesson and open the next one.")
    public static let usage = "next"

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var needs: Needs { .learner }

    public enum Result: CommandResult {
        case opened(OpenedItem)
        /// Nothing is left on the path.
        case finished(lead: [Notice])

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .opened(let item): try item.encode(to: encoder)
            case .finished(let lead): try lead.encode(to: encoder)
            }
        }
    }

    public func run(in context: CommandContext) throws -> Result { try Self.advance(in: context) }

    /// Finishes the open lesson and opens what comes next: `/next`, and `/skip` after it skips.
    static func advance(in context: CommandContext) throws -> Result {
        let (store, stored) = try context.learner()
        let profile = try store.reload(stored)
        let advance = try context.navigator().advance(profile)
        var lead: [Notice] = []
        if let slug = advance.finishedSkill {
            lead.append(Notice(.success, "You finished \(context.catalog.metadata(slug)?.title ?? slug)."))
            // Reading is not knowing: suggest a quiz while mastery is unknown or low.
            let mastery = try Mastery.of(slug, store: store, profile: profile, catalog: context.catalog)
            if mastery.map({ $0 < Mastery.goal }) ?? true {
                lead.append(Notice(.info, "Check what stuck: \(context.prefix)quiz \(slug)" + (mastery.map { " (mastery so far \(Mastery.percent($0)))" } ?? "") + "."))
            }
        }
        guard let next = advance.next else {
            return .finished(lead: lead + [Notice(.success, "You have finished every lesson and project on the path. \(context.prefix)progress shows it all.")])
        }
        return .opened(try ItemOpener(context: context).open(next, profile: profile, store: store, lead: lead))
    }
}
