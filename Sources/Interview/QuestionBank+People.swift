import Foundation

// Engineering-manager, product/other and generic questions.
extension QuestionBank {
    static let engineeringManager: [BankQuestion] = make(.engineeringManager, .technical, [
        ("jms", "How do you run a sprint or planning cycle with your team?", "planning, estimate, priority, backlog, capacity, retrospective, goals, stakeholders"),
        ("ms", "How do you decide how much time the team spends on tech debt?", "technical debt, prioritize, roadmap, impact, metrics, negotiate, product"),
        ("ms", "How do you measure whether your team is doing well?", "metrics, delivery, quality, dora, cycle time, morale, outcomes, goals"),
        ("s", "How would you structure an engineering org of about forty people?", "teams, ownership, domains, managers, span of control, communication, conway"),
        ("jms", "How do you make sure important technical decisions get made well on your team?", "design doc, review, rfc, decision, consensus, ownership, architecture"),
        ("ms", "How do you run a hiring process that's fair and finds strong people?", "hiring, interview, rubric, structured, bias, calibration, diversity, onboarding"),
        ("s", "How would you handle two teams that depend on each other and keep blocking each other?", "dependency, communication, roadmap, alignment, interface, escalation, ownership"),
        ("ms", "How do you handle an incident from a manager's point of view?", "incident, communication, stakeholders, roles, postmortem, follow up, on call"),
        ("jm", "How do you set goals for your team and track them?", "goals, okr, metrics, alignment, review, progress"),
        ("s", "How do you keep delivery predictable when priorities keep changing?", "priorities, roadmap, buffer, communication, stakeholders, scope, planning"),
        ("ms", "How would you evaluate whether your team should adopt {tech}?", "evaluation, tradeoff, proof of concept, cost, skills, risk, migration"),
    ]) + make(.engineeringManager, .behavioral, [
        ("jms", "Tell me about a time you helped someone who was underperforming.", "underperforming, expectations, feedback, support, plan, outcome"),
        ("ms", "Describe a difficult conversation you had with someone on your team.", "feedback, conversation, empathy, prepare, outcome, trust"),
        ("ms", "Tell me about a time you had to say no to a stakeholder.", "stakeholder, priority, tradeoff, communicate, alternative, relationship"),
        ("s", "Tell me about a reorganisation or a big team change you led.", "reorg, change, communication, team, concerns, transition, outcome"),
        ("jms", "Tell me about someone you helped grow into a bigger role.", "mentor, growth, career, feedback, opportunity, promotion"),
        ("ms", "Describe a time your team missed a commitment. What did you do?", "deadline, missed, communicate, stakeholder, lesson, process"),
        ("s", "Tell me about a time you changed your team's culture or way of working.", "culture, process, change, team, buy-in, feedback"),
        ("jms", "Tell me about a hire you're proud of, and one you'd do differently.", "hiring, interview, decision, lesson, team"),
    ])

    static let product: [BankQuestion] = make(.product, .technical, [
        ("jms", "How would you decide what to build next for a product you own?", "users, research, data, impact, effort, prioritize, roadmap, strategy"),
        ("jm", "How do you know whether a feature you launched is successful?", "metrics, success, adoption, retention, goals, analytics, feedback"),
        ("ms", "Walk me through how you'd run user research for a new idea.", "interviews, users, hypothesis, prototype, survey, usability, insights, bias"),
        ("ms", "What makes a good product spec or requirements document?", "problem, users, goals, scope, requirements, success metrics, acceptance criteria, non-goals"),
        ("s", "How would you set a product strategy for the next year?", "vision, strategy, market, competition, goals, bets, roadmap, stakeholders"),
        ("jm", "How do you work with engineers when a feature turns out harder than expected?", "scope, tradeoff, estimate, mvp, communicate, priority"),
        ("ms", "How do you decide between two features when you only have room for one?", "prioritize, impact, effort, data, users, strategy, tradeoff"),
        ("s", "How would you improve onboarding for a product with poor retention?", "onboarding, retention, funnel, activation, experiment, data, users, friction"),
        ("jm", "How do you check quality before a release?", "test plan, test cases, regression, automation, edge cases, acceptance, bugs"),
        ("ms", "How do you use data to make product decisions without over-relying on it?", "data, qualitative, quantitative, experiment, intuition, bias, metrics"),
        ("jms", "How has {tech} shaped the way you work, or the products you've built?", "tools, workflow, product, tradeoff"),
    ]) + make(.product, .behavioral, [
        ("jms", "Tell me about a product decision you made that turned out to be wrong.", "decision, wrong, data, learned, change, outcome"),
        ("ms", "Tell me about a time you had to align stakeholders who wanted different things.", "stakeholders, alignment, priorities, communicate, tradeoff, decision"),
        ("jm", "Tell me about a time you turned user feedback into a concrete change.", "feedback, users, change, prioritize, outcome, measure"),
        ("ms", "Describe a time you had to ship with less than you wanted.", "scope, mvp, deadline, tradeoff, iterate, users"),
        ("s", "Tell me about a time you influenced a decision without having authority.", "influence, persuade, data, relationships, stakeholders, outcome"),
        ("jms", "Tell me about a time you worked through a disagreement with engineering or design.", "disagree, engineering, design, compromise, users, tradeoff"),
        ("jm", "Describe a project you led from start to finish.", "lead, plan, team, deliver, outcome, challenges"),
        ("s", "Tell me about a time you killed a project or a feature. How did you decide?", "decision, data, sunk cost, stakeholders, communicate, impact"),
    ])

    /// Generic questions usable with every role: openers, behavioral questions and tech-stack templates.
    static let general: [BankQuestion] = make(nil, .behavioral, [
        ("jms", "To start, could you tell me a bit about yourself and what you've been working on recently?", "role, project, team, experience, responsibility, technology, product"),
        ("jms", "Could you walk me through your background, and what brings you to this role?", "background, experience, role, motivation, career, interest, team"),
        ("jms", "What's a recent project you enjoyed, and what was your part in it?", "project, role, team, challenge, outcome, technology, users"),
    ], opener: true) + make(nil, .behavioral, [
        ("jms", "Tell me about a time you disagreed with a teammate. How did you resolve it?", "disagree, teammate, resolve, discuss, compromise, perspective, decision, outcome"),
        ("jms", "Describe a mistake you made at work, and what you learned from it.", "mistake, impact, fix, learned, process, responsibility, change"),
        ("jms", "Tell me about a time you got tough feedback. What did you do with it?", "feedback, reflect, change, improve, manager, growth"),
        ("jms", "Tell me about a time you had to learn something new quickly.", "learn, documentation, practice, ask, project, deadline, apply"),
        ("ms", "Describe a time you had too much on your plate. How did you prioritise?", "prioritize, deadline, communicate, stakeholder, delegate, tradeoff, focus"),
        ("ms", "Tell me about a time you took ownership of something outside your job description.", "ownership, initiative, problem, impact, team, outcome"),
        ("s", "Tell me about a time you influenced a decision across several teams.", "influence, stakeholders, data, alignment, persuade, decision, outcome"),
        ("s", "Describe a time you had to make a call with incomplete information.", "decision, risk, data, assumptions, tradeoff, outcome, reversible"),
        ("jm", "Tell me about a time you asked for help. How did you know it was time?", "help, stuck, ask, time, learn, colleague"),
        ("jms", "What's an accomplishment you're most proud of, and why?", "accomplishment, impact, challenge, role, result, team"),
        ("ms", "Tell me about a time you explained something complex to someone non-technical.", "explain, audience, analogy, simplify, stakeholder, understand"),
        ("jm", "Describe a time you went out of your way to help a teammate.", "help, teammate, support, time, outcome, team"),
        ("s", "Tell me about a time you had to deliver bad news to a stakeholder.", "stakeholder, communicate, bad news, transparency, plan, trust"),
        ("ms", "Tell me about a time you changed your mind after hearing someone else's view.", "perspective, listen, change, decision, evidence, open"),
        ("jms", "What kind of team helps you do your best work, and how do you contribute to it?", "team, culture, communication, collaboration, trust, feedback, contribute"),
        ("jms", "Tell me about a time you had to get up to speed on {tech}. How did you go about it?", "learn, documentation, practice, project, ask, prototype"),
    ]) + make(nil, .technical, [
        ("jms", "How have you used {tech} in production? What did it do well, and where did it struggle?", "production, performance, scale, limitation, issue, monitoring"),
        ("ms", "What's something about {tech} that people often get wrong?", "mistake, misconception, performance, pattern, documentation, pitfall"),
        ("jms", "If you were teaching {tech} to a new teammate, what would you cover first?", "basics, concepts, example, documentation, pitfall, practice"),
        ("s", "What are the biggest limitations of {tech}, and how do you work around them?", "limitation, tradeoff, workaround, performance, scale, alternative"),
        ("jm", "How do you debug problems in a {tech} project? Walk me through your usual steps.", "debug, logs, reproduce, debugger, test, hypothesis, fix"),
    ])
}
