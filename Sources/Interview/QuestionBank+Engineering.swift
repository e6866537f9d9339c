import Foundation

// Backend, frontend, mobile and full-stack questions.
extension QuestionBank {
    static let backend: [BankQuestion] = make(.backend, .technical, [
        ("jm", "How would you design a REST API for a simple to-do app? Which endpoints and status codes would you use?", "endpoint, resource, http, get, post, put, delete, status code, json, validation, pagination"),
        ("jms", "What happens, step by step, when a request hits your backend service?", "load balancer, routing, middleware, handler, database, response, authentication, dns, tls, serialization"),
        ("jm", "When would you add a database index, and what does it cost you?", "index, query, read, write, btree, scan, storage, performance, cardinality"),
        ("ms", "An endpoint gets slow under load. How would you make it faster, and where would you start?", "profile, bottleneck, cache, query, index, database, latency, metrics, pagination, concurrency"),
        ("ms", "How would you handle a payment request so a customer is never charged twice?", "idempotency, key, retry, transaction, duplicate, lock, database, consistency"),
        ("s", "How would you design a rate limiter for a public API?", "token bucket, sliding window, redis, counter, distributed, 429, quota, burst, key"),
        ("s", "How would you split a monolith into services? What would you carve out first, and why?", "boundary, domain, coupling, database, api, migration, strangler, team, deployment, ownership"),
        ("jm", "What's the difference between SQL and NoSQL databases, and how do you choose between them?", "schema, relational, join, transaction, consistency, scale, document, key value, query, acid"),
        ("s", "How do you keep data consistent across services when there's no single database transaction?", "saga, eventual consistency, outbox, event, idempotency, compensation, queue, two-phase commit"),
        ("jm", "How do you handle errors and retries when your service calls another service?", "timeout, retry, backoff, circuit breaker, idempotency, error, fallback, logging"),
        ("jms", "How have you used {tech} on the backend, and what did you learn about running it in production?", "production, performance, scale, monitoring, issue, configuration"),
        ("ms", "If a service built with {tech} suddenly got ten times the traffic, what would break first?", "bottleneck, database, connection, memory, cpu, scale, cache, queue, load"),
    ]) + make(.backend, .behavioral, [
        ("jms", "Tell me about a production incident you were part of. What happened, and what did you do?", "incident, outage, alert, root cause, fix, postmortem, monitoring, rollback, customer"),
        ("ms", "Describe a time you pushed back on a technical decision. How did it go?", "disagree, decision, data, tradeoff, discuss, compromise, outcome, team"),
        ("jm", "Tell me about a bug that took you a long time to find. How did you track it down?", "bug, debug, logs, reproduce, root cause, fix, test, hypothesis"),
        ("s", "Tell me about a system you designed that you're proud of. What would you change now?", "design, architecture, scale, tradeoff, requirement, lesson, team"),
        ("jms", "Describe a time you improved code that other people found hard to work with.", "refactor, readability, test, review, team, complexity, documentation"),
        ("ms", "Tell me about a time you had to ship something under a tight deadline. What did you cut?", "deadline, scope, priority, tradeoff, quality, stakeholder, communication"),
        ("s", "Tell me about a time you mentored someone through a tricky backend problem.", "mentor, teach, explain, pair, growth, feedback"),
        ("jms", "Tell me about a time {tech} caused you trouble in production. How did you deal with it?", "incident, debug, root cause, fix, lesson, monitoring"),
    ])

    static let frontend: [BankQuestion] = make(.frontend, .technical, [
        ("jm", "What happens in the browser between typing a URL and seeing the page?", "dns, http, html, parse, dom, css, javascript, render, paint, request"),
        ("jm", "How do you decide where state should live in a frontend app?", "state, component, props, store, global, local, context, redux, server state"),
        ("jms", "How would you make a slow page load faster?", "bundle, lazy loading, code splitting, cache, images, compression, cdn, render, lighthouse, metrics"),
        ("jm", "How do you make a web form accessible?", "label, aria, keyboard, focus, screen reader, contrast, error message, semantic html"),
        ("ms", "How would you debug a memory leak in a single-page app?", "memory, leak, heap snapshot, devtools, event listener, closure, detached, profile"),
        ("ms", "How do you approach testing a frontend? What do you test, and at which level?", "unit, integration, end to end, component, mock, jest, playwright, coverage, user behavior"),
        ("s", "How would you design a component library that several teams share?", "design system, api, versioning, accessibility, documentation, theming, tokens, adoption, breaking change"),
        ("ms", "What's the difference between client-side and server-side rendering, and when would you pick each?", "server side rendering, hydration, seo, performance, first paint, javascript, cache, static"),
        ("s", "How would you structure a large frontend so several teams can work on it without stepping on each other?", "modules, micro frontend, ownership, boundaries, monorepo, build, shared, contract"),
        ("jm", "How do you handle data fetching, loading and error states in the UI?", "loading, error, retry, cache, spinner, skeleton, async, fetch, state"),
        ("jms", "What do you like about working with {tech}, and what frustrates you about it?", "performance, tooling, ecosystem, component, state, tradeoff"),
        ("ms", "How would you keep a large {tech} codebase fast and maintainable as it grows?", "performance, structure, component, test, lint, type, review"),
    ]) + make(.frontend, .behavioral, [
        ("jms", "Tell me about a time you and a designer disagreed about how something should work.", "designer, disagree, user, tradeoff, prototype, compromise, feedback"),
        ("jm", "Describe a UI bug that reached users. How did you find out, and what did you do?", "bug, user, report, reproduce, fix, test, browser, regression"),
        ("ms", "Tell me about a time you improved performance in a way users actually noticed.", "performance, metric, measure, load, user, before, after, profile"),
        ("jms", "Tell me about a feature you built end to end that you're proud of.", "feature, user, design, build, test, launch, feedback"),
        ("ms", "Describe a time you had to work with a difficult API or backend team.", "api, contract, communication, backend, mock, negotiate, team"),
        ("s", "Tell me about a time you raised the bar on quality for your frontend team.", "standard, test, review, lint, accessibility, process, team"),
        ("jm", "Tell me about something new on the web you learned recently, and how you applied it.", "learn, apply, project, documentation, practice"),
        ("jms", "Tell me about a project where you chose {tech}. Looking back, was it the right call?", "decision, tradeoff, alternative, team, outcome, lesson"),
    ])

    static let mobile: [BankQuestion] = make(.mobile, .technical, [
        ("jm", "Walk me through the lifecycle of a screen in a mobile app.", "lifecycle, view, appear, disappear, background, foreground, memory, state, activity, view controller"),
        ("jms", "How do you keep a mobile app's UI smooth while it loads data from the network?", "main thread, background, async, concurrency, cache, placeholder, frame, scroll, image"),
        ("ms", "How would you design offline support for a mobile app?", "offline, cache, sync, database, conflict, queue, retry, local storage, network"),
        ("jm", "How do you store sensitive data, like tokens, on a phone?", "keychain, keystore, encryption, token, secure, user defaults, biometric"),
        ("ms", "How do you track down a crash that only some users hit?", "crash, report, stack trace, symbolicate, reproduce, logs, device, os version, analytics"),
        ("s", "How would you structure a large mobile codebase that several teams work on?", "modules, architecture, dependency, navigation, ownership, build time, feature, interface"),
        ("ms", "How do you manage memory in a mobile app? What kinds of leaks have you seen?", "memory, leak, retain cycle, weak, reference, image, cache, profiler, instruments"),
        ("s", "How do you release a mobile app safely when you can't roll back a build instantly?", "feature flag, staged rollout, beta, testflight, crash rate, monitoring, force update, backend"),
        ("jm", "How do you make a mobile app accessible?", "voiceover, talkback, label, dynamic type, contrast, touch target, screen reader"),
        ("ms", "What's your approach to testing mobile apps?", "unit, ui test, snapshot, mock, device, xctest, espresso, ci, coverage"),
        ("jms", "How have you used {tech} in a shipped app, and what did it teach you?", "production, users, performance, crash, release"),
        ("ms", "What's a common mistake people make with {tech}, and how do you avoid it?", "mistake, performance, memory, thread, test, pattern"),
    ]) + make(.mobile, .behavioral, [
        ("jms", "Tell me about an app release that didn't go as planned.", "release, crash, rollback, hotfix, users, monitoring, lesson"),
        ("jm", "Describe a time you got negative feedback from users or app reviews, and what you did about it.", "feedback, users, review, rating, fix, prioritize, improve"),
        ("ms", "Tell me about a time you had to support an old OS version or device longer than you wanted.", "compatibility, os version, device, tradeoff, users, data, decision"),
        ("ms", "Tell me about a time you worked with backend engineers to shape an API for mobile.", "api, backend, payload, contract, performance, communication"),
        ("s", "Describe a time you changed the architecture of an existing app. How did you bring the team along?", "architecture, migration, incremental, team, buy-in, refactor, risk"),
        ("jms", "Tell me about a tricky device- or platform-specific bug you fixed.", "bug, device, platform, reproduce, debug, fix"),
        ("jm", "Tell me about a time you had to learn a new mobile framework quickly.", "learn, framework, documentation, prototype, apply"),
        ("jms", "Tell me about a time {tech} surprised you in a real project.", "surprise, behavior, debug, documentation, lesson"),
    ])

    static let fullstack: [BankQuestion] = make(.fullstack, .technical, [
        ("jm", "Walk me through how you'd build a login feature, from the form to the database.", "form, validation, password, hash, session, token, cookie, database, https"),
        ("jms", "How do you decide whether some logic belongs in the frontend or the backend?", "validation, security, business logic, performance, duplication, trust, api"),
        ("jm", "How would you design the API between your frontend and backend for a new feature?", "endpoint, rest, graphql, payload, versioning, error, pagination, contract"),
        ("ms", "A page in your app is slow. How do you figure out whether it's the frontend or the backend?", "devtools, network, timing, profile, server logs, tracing, query, render"),
        ("ms", "How do you keep frontend and backend changes in sync when you deploy?", "versioning, backward compatible, feature flag, contract, deploy order, migration"),
        ("s", "How would you design a real-time feature, like live notifications?", "websocket, server sent events, polling, pub sub, scale, reconnect, queue, fan out"),
        ("ms", "How do you handle authentication and authorization across a web app and its API?", "session, token, jwt, cookie, oauth, permission, role, csrf"),
        ("jm", "How do you approach database schema changes on a live app?", "migration, backward compatible, column, rollback, index, deploy, data"),
        ("s", "How would you design uploads of large files in a web app?", "upload, chunk, multipart, object storage, signed url, progress, resume, scan, limit"),
        ("jms", "How do you test a feature that spans the UI, the API and the database?", "unit, integration, end to end, mock, fixtures, test data, ci"),
        ("jms", "How have you used {tech} across the stack, and where did it fit best?", "frontend, backend, production, tradeoff"),
        ("ms", "If you had to onboard a new teammate onto a {tech} codebase, what would you show them first?", "architecture, structure, conventions, documentation, tests, tooling"),
    ]) + make(.fullstack, .behavioral, [
        ("jms", "Tell me about a feature you owned from idea to launch.", "ownership, design, build, launch, users, feedback, metric"),
        ("jm", "Describe a time you had to pick up an unfamiliar part of the stack quickly.", "learn, documentation, ask, prototype, unfamiliar"),
        ("ms", "Tell me about a time you traded off speed of delivery against code quality.", "tradeoff, deadline, technical debt, quality, follow up, decision"),
        ("ms", "Tell me about a time you worked with product or design to change the scope of a feature.", "scope, product, design, negotiate, users, priority"),
        ("s", "Describe a technical decision you made that affected the whole stack.", "architecture, decision, tradeoff, team, impact, lesson"),
        ("jms", "Tell me about a bug that crossed the frontend and the backend. How did you find it?", "bug, frontend, backend, debug, logs, reproduce, fix"),
        ("s", "Tell me about a time you helped your team get faster at shipping.", "process, ci, automation, tooling, review, deploy, team"),
        ("jms", "Tell me about a project where {tech} was a key part of the stack. What was your role?", "role, responsibility, project, outcome, team"),
    ])
}
