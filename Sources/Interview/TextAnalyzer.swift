import Foundation

/// Small, deterministic text helpers shared by the planner, the rule-based interviewer and
/// the scorer: tokenising, a light suffix-stripping stemmer, stop words and a synonym table
/// that folds related words ("caching", "redis", "memoize") onto one concept.
public enum TextAnalyzer {
    /// Lower-cased words of `text`: letters, digits, `+` and `#` (so "C++" and "C#" survive).
    public static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) || scalar == "+" || scalar == "#" || scalar == "'" {
                if scalar != "'" { current.unicodeScalars.append(scalar) }
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Words of a role title or tech-stack list, keeping inner `.`, `-`, `+` and `#`
    /// ("node.js", "front-end", "c++"), split on spaces, commas, brackets and slashes.
    static func roleWords(_ text: String) -> [String] {
        let separators = CharacterSet(charactersIn: " \t\n,;:()[]{}/|&").union(.whitespacesAndNewlines)
        return text.lowercased().components(separatedBy: separators)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,!?'\"-")) == $0 ? $0 : trimTrailing($0) }
            .filter { !$0.isEmpty }
    }

    private static func trimTrailing(_ word: String) -> String {
        var w = Substring(word)
        while let last = w.last, ".,!?'\"-".contains(last) { w = w.dropLast() }
        while let first = w.first, ",!?'\"-".contains(first) { w = w.dropFirst() }
        return String(w)
    }

    /// Number of spoken words in `text`.
    public static func wordCount(_ text: String) -> Int { words(text).count }

    /// A light stemmer: strips one common suffix, then a trailing "e", and folds a final "y"
    /// into "i" ("queries" and "query" → "queri", "caching" and "cache" → "cach").
    public static func stem(_ word: String) -> String {
        var w = word
        if let alias = aliases[w] { w = alias }
        guard w.count > 3, w.allSatisfy({ $0.isLetter }) else { return w }
        for suffix in ["ingly", "edly", "ings", "ing", "ies", "ied", "ed", "es", "ly", "ment", "ness", "able", "ible", "s"] {
            if w.hasSuffix(suffix), w.count - suffix.count >= 3 {
                if suffix == "s", w.hasSuffix("ss") || w.hasSuffix("us") || w.hasSuffix("is") { continue }
                if suffix == "es", !(w.hasSuffix("ses") || w.hasSuffix("xes") || w.hasSuffix("ches") || w.hasSuffix("shes") || w.hasSuffix("zes")) {
                    w = String(w.dropLast(1)) // "caches" → "cache", handled below
                } else {
                    w = String(w.dropLast(suffix.count))
                    if suffix == "ies" || suffix == "ied" { w += "i" }
                }
                break
            }
        }
        if w.hasSuffix("e"), w.count > 3 { w.removeLast() }
        if w.hasSuffix("y"), w.count > 3 { w.removeLast(); w += "i" }
        // "stopped" → "stopp" → "stop"
        if w.count > 3, let last = w.last, let previous = w.dropLast().last, last == previous, !"lsz".contains(last) { w.removeLast() }
        return w
    }

    /// The concept a word stands for: its stem, folded through the synonym table.
    public static func concept(_ word: String) -> String {
        let s = stem(word)
        return synonymIndex[s] ?? s
    }

    /// The set of concepts in `text`, stop words removed.
    public static func concepts(_ text: String) -> Set<String> {
        Set(words(text).filter { !stopWords.contains($0) }.map(concept))
    }

    /// Content concepts of a question's own wording (stop words and interview filler removed).
    public static func questionConcepts(_ text: String) -> Set<String> {
        Set(words(text).filter { !stopWords.contains($0) && !questionFiller.contains($0) && $0.count > 2 }.map(concept))
    }

    /// True when every word of `phrase` (e.g. a topic like "load balancer") appears, as a concept, in `concepts`.
    public static func covers(_ concepts: Set<String>, phrase: String) -> Bool {
        let parts = words(phrase).filter { !stopWords.contains($0) }.map(concept)
        return !parts.isEmpty && parts.allSatisfy { concepts.contains($0) }
    }

    /// Whether `text` mentions the tech-stack item `tech` ("Node.js", "PostgreSQL", "Go").
    public static func mentions(_ text: String, tech: String) -> Bool {
        let answer = words(text).map { aliases[$0] ?? $0 }
        let techWords = words(tech).map { aliases[$0] ?? $0 }
        guard let first = techWords.first else { return false }
        // Whole-sequence match, or the distinctive first word for multi-word names ("Spring Boot" → "spring").
        if techWords.count == 1 { return answer.contains(first) }
        let joined = " " + answer.joined(separator: " ") + " "
        if joined.contains(" " + techWords.joined(separator: " ") + " ") { return true }
        if joined.contains(" " + techWords.joined() + " ") { return true }
        return first.count > 2 && !genericTechWords.contains(first) && answer.contains(first)
    }

    /// Spellings that should count as the same word ("golang" = "go", "k8s" = "kubernetes").
    static let aliases: [String: String] = [
        "golang": "go", "k8s": "kubernetes", "postgres": "postgresql", "psql": "postgresql", "js": "javascript",
        "ts": "typescript", "nodejs": "node", "reactjs": "react", "vuejs": "vue", "py": "python", "tf": "terraform",
        "mongo": "mongodb", "gke": "kubernetes", "eks": "kubernetes", "aks": "kubernetes", "db": "database",
        "dbs": "database", "ml": "machinelearning", "ci": "cicd", "cd": "cicd", "a11y": "accessibility",
        "tradeoff": "tradeoff", "tradeoffs": "tradeoff", "api": "api", "apis": "api", "ux": "ux", "ui": "ui",
        "microservice": "microservices", "async": "asynchronous", "sync": "synchronous", "perf": "performance",
        "prs": "pr", "unittest": "test", "tdd": "test", "qa": "test",
    ]

    static let genericTechWords: Set<String> = ["google", "amazon", "apple", "microsoft", "aws", "azure", "sql", "web", "cloud", "data", "the"]

    /// Groups of words that count as one concept when matching answers to questions.
    static let synonymGroups: [[String]] = [
        ["disagree", "disagreement", "conflict", "argue", "argument", "debate", "pushback", "tension", "clash", "friction", "disputes", "dispute"],
        ["teammate", "colleague", "coworker", "peer", "team", "teams", "engineers", "squad"],
        ["resolve", "resolution", "solve", "settle", "compromise", "agreement", "consensus", "align", "alignment"],
        ["performance", "latency", "slow", "speed", "throughput", "optimize", "optimization", "bottleneck", "profile", "profiling", "profiler", "fast", "faster"],
        ["cache", "caching", "redis", "memcached", "cdn", "memoize", "memoization"],
        ["database", "postgresql", "mysql", "sqlite", "datastore", "rdbms", "mongodb", "dynamodb", "cassandra"],
        ["index", "indexes", "indices", "indexing", "btree"],
        ["test", "testing", "tests", "tested", "integration", "coverage", "xctest", "jest", "pytest", "junit", "espresso"],
        ["deploy", "deployment", "release", "rollout", "ship", "shipped", "cicd", "pipeline", "canary", "rollback"],
        ["monitor", "monitoring", "observability", "metrics", "logging", "logs", "tracing", "alert", "alerting", "dashboard", "grafana", "prometheus", "datadog"],
        ["scale", "scaling", "scalable", "scalability", "sharding", "shard", "partition", "partitioning", "replica", "replication", "horizontal"],
        ["security", "secure", "authentication", "authorization", "oauth", "jwt", "encryption", "encrypt", "vulnerability", "xss", "csrf", "injection"],
        ["concurrency", "concurrent", "thread", "threads", "threading", "asynchronous", "parallel", "parallelism", "mutex", "race", "deadlock", "actor", "actors", "coroutine", "coroutines"],
        ["memory", "leak", "leaks", "allocation", "heap", "garbage", "retain", "arc"],
        ["accessibility", "voiceover", "talkback", "aria", "screenreader", "contrast"],
        ["deadline", "deadlines", "timeline", "schedule", "crunch", "estimate", "estimates", "estimation"],
        ["mistake", "failure", "fail", "failed", "wrong", "outage", "incident", "incidents", "postmortem"],
        ["learn", "learned", "learnt", "lesson", "lessons", "takeaway", "reflect", "reflection", "growth"],
        ["feedback", "critique", "criticism", "suggestion", "suggestions", "review", "reviews"],
        ["communicate", "communication", "discuss", "discussion", "conversation", "talked", "meeting", "meetings", "explain", "explained", "present", "presentation"],
        ["lead", "led", "leadership", "mentor", "mentoring", "mentored", "coach", "coaching", "guide", "ownership", "owned"],
        ["prioritize", "priority", "priorities", "prioritization", "scope", "roadmap", "backlog"],
        ["tradeoff", "compromise", "downside", "downsides", "pros", "cons"],
        ["customer", "customers", "user", "users", "client", "clients"],
        ["stakeholder", "stakeholders", "leadership", "executives", "business"],
        ["model", "models", "training", "train", "trained", "fit", "fitting"],
        ["evaluate", "evaluation", "validation", "validate", "accuracy", "precision", "recall", "auc", "f1", "benchmark"],
        ["overfit", "overfitting", "regularization", "dropout", "generalize", "generalization"],
        ["container", "containers", "docker", "kubernetes", "pod", "pods", "orchestration", "helm"],
        ["terraform", "iac", "ansible", "pulumi", "cloudformation"],
        ["hire", "hiring", "interview", "interviewing", "recruit", "recruiting", "onboard", "onboarding"],
        ["api", "endpoint", "endpoints", "rest", "graphql", "grpc", "contract"],
        ["queue", "queues", "kafka", "rabbitmq", "sqs", "pubsub", "broker", "messaging", "stream", "streaming"],
        ["state", "redux", "store", "observable", "binding", "stateful", "stateless"],
        ["render", "rendering", "rerender", "paint", "layout", "reflow", "dom"],
        ["bug", "bugs", "defect", "regression", "crash", "crashes"],
        ["debug", "debugging", "debugger", "troubleshoot", "troubleshooting", "diagnose", "investigate", "investigation", "root"],
        ["design", "architecture", "architect", "architected", "designed"],
        ["experiment", "experiments", "abtest", "hypothesis", "ab"],
        ["metric", "kpi", "kpis", "measure", "measured", "measurement", "analytics", "okr", "okrs"],
        ["motivate", "motivation", "motivated", "morale", "engagement", "engaged"],
        ["underperform", "underperforming", "underperformance", "struggling", "expectations"],
    ]

    static let synonymIndex: [String: String] = {
        var index: [String: String] = [:]
        for group in synonymGroups {
            guard let head = group.first else { continue }
            let canonical = stem(head)
            for word in group where index[stem(word)] == nil { index[stem(word)] = canonical }
        }
        return index
    }()

    /// Function words ignored when comparing meaning.
    public static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "about", "as", "into",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing", "have", "has", "had", "having",
        "i", "me", "my", "we", "our", "us", "you", "your", "he", "she", "it", "its", "they", "them", "their", "this", "that",
        "these", "those", "what", "which", "who", "whom", "when", "where", "why", "how", "there", "here", "so", "than", "then",
        "too", "very", "can", "could", "would", "should", "will", "just", "not", "no", "yes", "all", "any", "some", "one",
        "from", "up", "out", "over", "under", "again", "also", "like", "really", "kind", "sort", "thing", "things", "lot",
        "get", "got", "go", "going", "make", "made", "know", "think", "um", "uh", "well", "okay", "ok", "yeah", "im", "ive",
        "dont", "its", "thats", "more", "most", "much", "many", "such", "own", "same", "other", "each", "both", "few",
    ]

    /// Words every interview question uses that say nothing about its subject.
    static let questionFiller: Set<String> = [
        "tell", "time", "describe", "explain", "walk", "through", "example", "give", "talk", "share", "approach",
        "would", "handle", "happened", "situation", "recent", "past", "experience", "worked", "work", "working",
        "something", "someone", "way", "ways", "use", "used", "using", "decide", "think", "mean", "people", "day",
    ]
}
