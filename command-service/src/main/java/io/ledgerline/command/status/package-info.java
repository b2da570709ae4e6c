/**
 * The status of any command, asked of any instance: what this instance sent (pending or answered), what its command
 * processor recorded, and what the other instances' processors recorded, asked over HTTP. Decision:
 * docs/adr/0013-command-status-lookup.md.
 */
package io.ledgerline.command.status;
