package dev.phiguard.broker.identity;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The CI run a token was issued to, read from its claims. A token carrying the GitHub Actions claims is a
 * {@link GitHubActions} run, one carrying the GitLab CI claims a {@link GitLab} run, anything else {@link None}.
 * The values are strings exactly as in the token.
 */
public sealed interface CiRun permits CiRun.GitHubActions, CiRun.GitLab, CiRun.None {

    /** Not a CI run (a person, a service account, a development token without CI claims). */
    None NONE = new None();

    /** The run described by these claims (see {@link Identity#claims()}). */
    static CiRun fromClaims(Map<String, String> claims) {
        String repository = claims.get("repository");
        String workflow = claims.get("workflow");
        String ref = claims.get("ref");
        String sha = claims.get("sha");
        String runId = claims.get("run_id");
        String runAttempt = claims.get("run_attempt");
        String actor = claims.get("actor");
        if (repository != null && workflow != null && ref != null && sha != null && runId != null
                && runAttempt != null && actor != null) {
            return new GitHubActions(repository, workflow, ref, sha, runId, runAttempt, actor,
                    Optional.ofNullable(claims.get("environment")), Optional.ofNullable(claims.get("job_workflow_ref")));
        }
        String projectPath = claims.get("project_path");
        String pipelineId = claims.get("pipeline_id");
        String jobId = claims.get("job_id");
        if (projectPath != null && pipelineId != null && jobId != null && ref != null) {
            return new GitLab(projectPath, pipelineId, jobId, ref, Optional.ofNullable(claims.get("user_login")));
        }
        return NONE;
    }

    /** A GitHub Actions job's OIDC token. */
    record GitHubActions(String repository, String workflow, String ref, String sha, String runId, String runAttempt,
                         String actor, Optional<String> environment, Optional<String> jobWorkflowRef)
            implements CiRun {
        public GitHubActions {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(workflow, "workflow");
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(sha, "sha");
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(runAttempt, "runAttempt");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(jobWorkflowRef, "jobWorkflowRef");
        }

        /** {@code github:acme/etl@refs/heads/main run 1234/1}. */
        public String displayName() {
            return "github:" + repository + "@" + ref + " run " + runId + "/" + runAttempt;
        }
    }

    /** A GitLab CI job's ID token. */
    record GitLab(String projectPath, String pipelineId, String jobId, String ref, Optional<String> userLogin)
            implements CiRun {
        public GitLab {
            Objects.requireNonNull(projectPath, "projectPath");
            Objects.requireNonNull(pipelineId, "pipelineId");
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(userLogin, "userLogin");
        }

        /** {@code gitlab:acme/etl@main pipeline 567 job 890}. */
        public String displayName() {
            return "gitlab:" + projectPath + "@" + ref + " pipeline " + pipelineId + " job " + jobId;
        }
    }

    /** No CI run. */
    record None() implements CiRun {
    }
}
