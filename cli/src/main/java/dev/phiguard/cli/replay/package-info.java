/**
 * {@code phiguard replay SESSION}: downloads a session's recording from the broker into a private temporary file
 * ({@link dev.phiguard.cli.replay.RecordingDownload}: mode 0600, deleted afterwards, tailed with {@code ?offset=}
 * while the session is open), verifies its hash chain and Ed25519 signature with a pinned or served public key
 * ({@link dev.phiguard.cli.replay.PublicKeys}) and renders its transcript with {@code proxy.recording.Transcript}.
 * The verdict decides the exit code ({@link dev.phiguard.cli.replay.Verdict}).
 */
package dev.phiguard.cli.replay;
