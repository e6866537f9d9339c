/// The training text of ``InterviewLanguageModel``: generic interview sentences and sentence
/// templates (from `Benchmarks/stt/interview_lm.py`; the benchmark's reference answers are not in
/// it) and common answer openings. The interview's own questions, role and stack are added per call.
enum InterviewLanguageModelText {
    static let generic: [String] = [
        "tell me about yourself", "i am a software engineer with several years of experience",
        "i enjoy working on hard problems with a small team",
        "i think communication is the most important skill in a team",
        "we had a tight deadline so we cut the scope and shipped the core feature first",
        "i learned a lot from that mistake and i now write tests before i change old code",
        "the system had to handle ten thousand requests per second with low latency",
        "we used a load balancer in front of several instances of the service",
        "i usually start by understanding the problem and asking the user what they need",
        "code review is where i learn the most from my colleagues",
        "i like to measure before i optimise because the slow part is often a surprise",
        "we reduced the error rate by adding retries with a timeout and a circuit breaker",
        "the database was the bottleneck so we added an index and a read replica",
        "we moved the reports to a separate cluster so they would not slow down the main path",
        "my manager and i meet every week to plan the work and talk about my growth",
        "i mentored two junior engineers and helped them ship their first features",
        "i disagree openly but respectfully and then i commit to the decision of the team",
        "the incident was caused by a bad configuration change so we added a review step",
        "we wrote a blameless post mortem and shared the timeline with the whole company",
        "i want to work here because the product helps developers and i care about the developer experience",
        "my biggest strength is that i stay calm and focused when things go wrong",
        "my weakness is that i sometimes say yes to too many things at once",
        "i would use a queue between the services so one slow part cannot block the others",
        "i split the large problem into small steps and shipped each step on its own",
        "we used continuous integration to run the unit tests and the end to end tests on every pull request",
        "a race condition appeared only under heavy load and it took days to reproduce",
        "i added logging and metrics so we could see the latency of each endpoint on a dashboard",
        "we kept the billing code in one place because it changes together",
        "i would choose the simplest design that meets the requirements and evolve it later",
        "the release process went from hours to minutes after we automated it",
        "we cached the results in memory and invalidated them when the data changed",
        "i like strong typing because the compiler finds many mistakes early",
        "the team was spread across three time zones so we wrote everything down",
        "i led the project from the first design document to the launch",
        "we shipped the feature early and the customers liked it",
    ]

    static let tech: [String] = [
        "Swift", "Postgres", "Kubernetes", "React", "Python", "Go", "Kafka", "Redis", "Docker", "Terraform",
        "TypeScript", "JavaScript", "Java", "Rust", "GraphQL", "Prometheus", "Grafana", "Linux", "MySQL",
    ]

    static let things: [String] = [
        "back end services", "the front end", "the database", "the mobile app", "the payment system",
        "the search service", "our data pipeline", "the API", "the deployment", "the monitoring", "microservices",
        "the cache", "the build system", "the test suite", "the message queue",
    ]

    static let verbs: [String] = [
        "built", "designed", "maintained", "migrated", "rewrote", "scaled", "tested", "deployed", "monitored",
        "debugged", "optimised", "owned",
    ]

    static let numbers: [String] = [
        "two", "three", "four", "five", "six", "ten", "twenty", "fifty", "a hundred",
    ]

    static let units: [String] = [
        "years", "months", "weeks", "engineers", "services", "milliseconds", "seconds", "minutes", "percent",
    ]

    /// Openings of answers, also followed by each word of the interview's stack.
    static let phrases: [String] = [
        "i think", "for example", "in my last job", "in my previous role", "we had to", "the main challenge was",
        "what i learned was", "the result was", "to be honest", "i would say", "at the time", "in the end",
        "the reason is", "my approach is", "first i would", "then i would", "after that we", "that is a good question",
        "let me think about that", "i am not sure but i think", "one thing i would do differently is", "we measured",
        "we improved", "i was responsible for", "i worked closely with", "the trade off is", "it depends on",
        "on the other hand", "i have experience with", "i used", "we chose", "we switched to", "i am comfortable with",
        "i enjoy working with",
    ]

    static let digitWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
}
