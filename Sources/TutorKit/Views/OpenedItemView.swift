extension OpenedItem: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        let p = view.prefix
        var blocks = lead.map(\.block)
        switch page {
        case .lesson(let lesson):
            if !lesson.missingPrerequisites.isEmpty {
                blocks.append(.notice(.warning, "\(lesson.skill.title) builds on \(lesson.missingPrerequisites.joined(separator: ", ")), not done yet. You can go on; \(p)learn \(lesson.missingPrerequisites[0]) covers it."))
            }
            var document: [Block] = [.heading(level: 1, content: [.text("\(lesson.number). \(lesson.title)")])]
            document.append(.paragraph([.emphasis([.text("\(lesson.skill.title) · lesson \(lesson.number) of \(lesson.count) · \(lesson.skill.level.title)")])]))
            document += MarkdownParser.parse(lesson.markdown).examples(lesson.examples, prefix: p).blocks
            for section in lesson.closing {
                document.append(.heading(level: 2, content: [.text(section.title)]))
                document += MarkdownParser.parse(section.markdown).examples(lesson.examples, prefix: p).blocks
            }
            blocks.append(.document(document))
            var following = lesson.number < lesson.count ? "\(lesson.number + 1). \(lesson.skill.lessons[lesson.number])" : "finishes \(lesson.skill.title) and moves on"
            if lesson.exerciseNext { following = "this lesson's exercise, then " + following }
            if lesson.peek {
                blocks.append(.notice(.info, "Your place on the path did not move: \(p)next goes on from there · \(p)goto \(lesson.skill.slug) \(lesson.number) studies this lesson on the path"))
            } else {
                blocks.append(.notice(.info, "\(p)next: \(following) · \(p)back · \(p)skip · \(p)progress"))
            }
        case .project(let page):
            let project = page.project
            var document: [Block] = [.heading(level: 1, content: [.text("Project: \(project.title)")])]
            document.append(.paragraph([.emphasis([.text("\(project.level.title) project · about \(project.hours) hours · skills: \(project.skills.joined(separator: ", "))")])]))
            document += MarkdownParser.parse(project.brief).examples(page.examples, prefix: p).blocks
            document.append(.heading(level: 2, content: [.text("Milestones")]))
            document.append(.list(ordered: true, start: 1, tight: true, items: project.milestones.map {
                ListItem(blocks: [.paragraph([.strong([.text($0.title)]), .text(": \($0.doneWhen)")])])
            }))
            if !project.stretch.isEmpty {
                document.append(.heading(level: 2, content: [.text("Stretch goals")]))
                document.append(.list(ordered: false, start: 1, tight: true, items: project.stretch.map { ListItem(blocks: [.paragraph([.text($0)])]) }))
            }
            blocks.append(.document(document))
            blocks.append(.notice(.info, "Build it on your machine; \(p)done when every milestone works, \(p)skip to leave it for later."))
        }
        return blocks
    }
}
