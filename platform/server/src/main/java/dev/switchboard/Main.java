package dev.switchboard;

import dev.switchboard.cli.Cli;

/** The server jar's entry point: {@code java -jar switchboard.jar [command] [--flags]}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(Cli.run(args, System.getenv(), System.out, System.err));
  }
}
