import Foundation

/// A family of roles sharing one part of the question bank. Free-text role titles
/// ("Senior iOS engineer", "Backend Engineer (Go)") are mapped to a family by keywords.
public enum RoleFamily: String, Codable, Sendable, CaseIterable {
    case backend
    case frontend
    /// iOS, Android and cross-platform mobile.
    case mobile
    /// Data engineering, analytics, data science and machine learning.
    case data
    /// DevOps, SRE, platform and infrastructure.
    case devops
    case fullstack
    case engineeringManager
    /// Product management, design, QA and any role that matches nothing else.
    case product

    /// A human-readable name, as the interviewer might say it.
    public var displayName: String {
        switch self {
        case .backend: return "backend"
        case .frontend: return "frontend"
        case .mobile: return "mobile"
        case .data: return "data and machine learning"
        case .devops: return "DevOps and platform"
        case .fullstack: return "full-stack"
        case .engineeringManager: return "engineering management"
        case .product: return "product"
        }
    }

    /// Keyword rules, checked in this order; the family with the most hits wins and ties go
    /// to the earlier family. Single words match whole words of the title; entries with a
    /// space match as phrases.
    static let rules: [(RoleFamily, [String])] = [
        (.engineeringManager, ["engineering manager", "eng manager", "software development manager", "development manager",
                               "head of engineering", "director of engineering", "engineering director", "vp engineering",
                               "vp of engineering", "cto", "engineering lead manager", "people manager", "em"]),
        (.product, ["product manager", "product owner", "product designer", "program manager", "project manager",
                    "designer", "ux", "ui/ux", "qa", "tester", "quality", "scrum", "writer", "support", "pm", "tpm",
                    "business analyst", "marketing", "sales", "recruiter"]),
        (.fullstack, ["full stack", "fullstack", "full-stack", "generalist"]),
        (.mobile, ["ios", "android", "mobile", "swift", "swiftui", "kotlin", "objective-c", "react native", "flutter",
                   "xamarin", "dart", "app developer"]),
        (.data, ["data", "ml", "machine learning", "ai", "scientist", "science", "analytics", "analyst", "deep learning",
                 "nlp", "computer vision", "mlops", "llm", "statistician", "bi", "etl", "spark"]),
        (.devops, ["devops", "sre", "site reliability", "reliability", "platform", "infrastructure", "infra", "cloud",
                   "kubernetes", "k8s", "systems engineer", "build engineer", "release engineer", "network", "sysadmin",
                   "operations", "ops", "security engineer", "devsecops", "terraform", "aws", "gcp", "azure"]),
        (.frontend, ["frontend", "front-end", "front end", "ui engineer", "ui developer", "web developer", "web engineer",
                     "react", "angular", "vue", "javascript", "typescript", "css", "web"]),
        (.backend, ["backend", "back-end", "back end", "server", "api", "java", "go", "golang", "python", "rust", "ruby",
                    "rails", "django", "node", "node.js", "nodejs", "c#", ".net", "dotnet", "php", "scala", "elixir",
                    "distributed", "microservices", "c++"]),
    ]

    /// Maps a free-text role title (and, when the title is generic, the tech stack) to a family.
    /// Generic engineering titles ("Software Engineer") fall back to the stack, then `.fullstack`;
    /// titles with no engineering words at all fall back to `.product`.
    public static func classify(role: String, techstack: [String] = []) -> RoleFamily {
        if let family = bestMatch(in: role) { return family }
        let generic = Set(TextAnalyzer.roleWords(role))
        let isEngineering = !generic.isDisjoint(with: ["engineer", "engineering", "developer", "programmer", "swe", "sde",
                                                      "coder", "software", "dev", "architect", "technical", "tech"])
        if isEngineering || role.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            if let family = bestMatch(in: techstack.joined(separator: " , ")), family != .product, family != .engineeringManager {
                return family
            }
            return .fullstack
        }
        return .product
    }

    static func bestMatch(in text: String) -> RoleFamily? {
        let words = TextAnalyzer.roleWords(text)
        let wordSet = Set(words)
        let padded = " " + words.joined(separator: " ") + " "
        let lowered = " " + text.lowercased() + " "
        var best: (RoleFamily, Int)?
        for (family, keywords) in rules {
            var hits = 0
            for keyword in keywords {
                if keyword.contains(" ") {
                    if padded.contains(" \(keyword) ") || lowered.contains(keyword) { hits += 2 }
                } else if wordSet.contains(keyword) {
                    hits += 1
                }
            }
            if hits > 0, hits > (best?.1 ?? 0) { best = (family, hits) }
        }
        // "Product manager" must not read as an engineering manager; "manager" alone does.
        if best == nil, wordSet.contains("manager") { return .engineeringManager }
        if best?.0 == .product, wordSet.contains("manager"), words.contains("engineering") { return .engineeringManager }
        return best?.0
    }
}
