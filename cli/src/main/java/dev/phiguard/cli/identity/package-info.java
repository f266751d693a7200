/**
 * Identity commands: {@code whoami} (the caller as the broker sees it, to debug a CI token) and
 * {@code token issue} (a token from the broker's development issuer).
 */
package dev.phiguard.cli.identity;
