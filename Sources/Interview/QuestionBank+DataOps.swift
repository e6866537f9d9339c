import Foundation

// Data/ML and DevOps/SRE/platform questions.
extension QuestionBank {
    static let data: [BankQuestion] = make(.data, .technical, [
        ("jm", "How do you check the quality of a new dataset before you use it?", "missing values, duplicates, outliers, distribution, schema, validation, bias, sample, statistics"),
        ("jms", "How would you explain overfitting to a product manager, and how do you prevent it?", "overfitting, validation, regularization, training, test set, generalize, cross validation, simpler model"),
        ("jm", "How do you pick the right metric to evaluate a model?", "metric, precision, recall, accuracy, auc, business, imbalance, baseline, threshold"),
        ("ms", "Walk me through designing a pipeline that loads data every night from several sources.", "pipeline, etl, schedule, airflow, idempotent, incremental, validation, monitoring, warehouse, failure"),
        ("ms", "How would you design an A/B test, and how do you know when it's done?", "experiment, hypothesis, control, sample size, significance, power, metric, randomization, duration"),
        ("s", "How do you take a model from a notebook to production and keep it healthy?", "deployment, serving, monitoring, drift, retraining, versioning, feature store, latency, pipeline"),
        ("ms", "How do you deal with a heavily imbalanced classification problem?", "imbalance, resampling, oversampling, class weight, precision, recall, threshold, metric, smote"),
        ("s", "How would you design a data platform that many teams can trust?", "data quality, ownership, catalog, lineage, schema, contract, governance, access, warehouse"),
        ("jm", "What's the difference between batch and streaming processing, and when would you use each?", "batch, streaming, latency, kafka, spark, window, throughput, real time"),
        ("ms", "How do you detect and handle data drift in a model that's already in production?", "drift, distribution, monitoring, retraining, alert, feature, baseline, statistic"),
        ("jms", "How have you used {tech} in your data work, and where did it fall short?", "pipeline, scale, performance, limitation, model, data"),
        ("ms", "If a {tech} job that used to take ten minutes now takes two hours, how would you investigate?", "profile, data volume, skew, partition, memory, logs, query, bottleneck"),
    ]) + make(.data, .behavioral, [
        ("jms", "Tell me about an analysis or a model whose result changed a decision.", "decision, stakeholder, insight, data, impact, recommendation, metric"),
        ("ms", "Describe a time the data told a different story than stakeholders expected. How did you handle it?", "stakeholder, communicate, evidence, disagree, trust, data, present"),
        ("jm", "Tell me about a time you found a serious problem in your data late in a project.", "data quality, bug, discovered, fix, communicate, deadline, validation"),
        ("ms", "Tell me about a model that didn't work as well in production as it did offline.", "production, offline, drift, metric, debug, leakage, lesson"),
        ("s", "Describe how you decided which data projects to take on and which to say no to.", "prioritize, impact, effort, stakeholder, roadmap, tradeoff"),
        ("jms", "Tell me about a time you explained a complex technical result to a non-technical audience.", "explain, audience, visualization, simplify, story, stakeholder"),
        ("s", "Tell me about a time you raised the standard of rigor on your data team.", "review, process, reproducibility, testing, standard, team, mentor"),
        ("jms", "Tell me about a project where you chose {tech} for the job. How did it work out?", "decision, alternative, tradeoff, outcome, lesson"),
    ])

    static let devops: [BankQuestion] = make(.devops, .technical, [
        ("jm", "What happens when you deploy a new version of a service, from merge to live traffic?", "ci, build, test, artifact, container, deploy, rollout, health check, load balancer"),
        ("jms", "How would you investigate a service that suddenly has high latency?", "metrics, dashboards, logs, tracing, recent deploy, cpu, memory, database, dependency, saturation"),
        ("jm", "What's the difference between a container and a virtual machine?", "container, virtual machine, kernel, isolation, image, hypervisor, overhead, docker"),
        ("ms", "How do you define and use SLOs and error budgets?", "slo, sli, error budget, availability, latency, alert, reliability, user"),
        ("ms", "How would you roll out a risky change to production safely?", "canary, blue green, feature flag, rollback, monitoring, staged rollout, health check"),
        ("s", "How would you design a multi-region setup for a service that must stay up?", "region, failover, replication, dns, load balancer, consistency, latency, disaster recovery, active active"),
        ("ms", "How do you manage secrets for services and pipelines?", "secrets, vault, kms, rotation, encryption, least privilege, environment variables, access"),
        ("jm", "How do you decide what to alert on, so people aren't woken up for nothing?", "alert, symptom, slo, noise, paging, threshold, runbook, on call"),
        ("s", "How would you run a platform that other engineering teams build on?", "self service, golden path, paved road, abstraction, documentation, adoption, developer experience, internal customers"),
        ("ms", "How do you manage infrastructure as code across many environments?", "terraform, modules, state, environment, review, drift, pipeline, plan"),
        ("jms", "How have you run {tech} in production, and what went wrong at least once?", "production, incident, configuration, monitoring, scale, lesson"),
        ("ms", "How would you monitor {tech}? Which signals matter most?", "metrics, latency, errors, saturation, logs, alert, dashboard"),
    ]) + make(.devops, .behavioral, [
        ("jms", "Tell me about the worst outage you've been part of. What did you do during it, and after?", "outage, incident, communication, mitigate, root cause, postmortem, action items"),
        ("ms", "Describe a time you reduced toil for your team.", "toil, automate, script, manual, time saved, process"),
        ("jm", "Tell me about a time a deploy you ran broke something.", "deploy, rollback, monitoring, fix, lesson, test"),
        ("s", "Tell me about a time you convinced developers to adopt a new tool or practice.", "adoption, developers, convince, demo, feedback, documentation, migration"),
        ("ms", "Describe a time you had to balance reliability work against feature work.", "reliability, features, prioritize, error budget, stakeholder, tradeoff"),
        ("jms", "Tell me about a stressful on-call shift and how you handled it.", "on call, alert, pressure, escalate, calm, communicate"),
        ("s", "Tell me about a blameless postmortem you led. What changed afterwards?", "postmortem, blameless, root cause, action items, follow up, culture"),
        ("jms", "Tell me about a time you migrated to or away from {tech}. How did you plan it?", "migration, plan, risk, rollback, incremental, test"),
    ])
}
