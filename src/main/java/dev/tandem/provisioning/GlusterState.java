package dev.tandem.provisioning;

import dev.tandem.exec.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gluster CLI (glusterfs 10) prints about a trusted pool, read: the commands a roll runs
 * inside a pool's container, and the parsers of their answers.
 */
final class GlusterState {

  /** A gluster volume name (Heketi's are {@code vol_<32 hex>}); anything else is never passed on. */
  static final Pattern VOLUME = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");
  private static final Pattern ENTRIES = Pattern.compile("^Number of entries: *(\\S+)\\s*$", Pattern.MULTILINE);

  static Command volumeList() {
    return Command.of("gluster", "--mode=script", "volume", "list");
  }

  static Command healInfo(String volume) {
    return Command.of("gluster", "--mode=script", "volume", "heal", volume, "info");
  }

  static Command poolList() {
    return Command.of("gluster", "--mode=script", "pool", "list");
  }

  /** The volumes {@code gluster volume list} printed; a line that is not a volume name fails the step. */
  static List<String> volumes(String printed) {
    List<String> names = new ArrayList<>();
    for (String line : printed.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      if (line.startsWith("No volumes present")) {
        return List.of();
      }
      if (!VOLUME.matcher(line).matches()) {
        throw new StepFailed("'gluster volume list' printed '" + line + "', which is not a volume name");
      }
      names.add(line);
    }
    return names;
  }

  /**
   * One volume's self-heal backlog from {@code gluster volume heal <vol> info}: the entries its bricks
   * list, and the bricks that answered no number ("-": the brick is not connected).
   */
  record Heal(String volume, long pending, int unreachable, int bricks) {

    boolean settled() {
      return bricks > 0 && pending == 0 && unreachable == 0;
    }

    String describe() {
      return "volume " + volume + ": " + pending + " entries pending heal"
          + (unreachable > 0 ? ", " + unreachable + " of " + bricks + " bricks not connected" : "")
          + (bricks == 0 ? ", no brick answered" : "");
    }
  }

  static Heal heal(String volume, String printed) {
    long pending = 0;
    int unreachable = 0;
    int bricks = 0;
    Matcher m = ENTRIES.matcher(printed);
    while (m.find()) {
      bricks++;
      if (m.group(1).matches("[0-9]{1,18}")) {
        pending += Long.parseLong(m.group(1));
      } else {
        unreachable++;
      }
    }
    return new Heal(volume, pending, unreachable, bricks);
  }

  /** Whether heal info answered that the volume has nothing to heal at all (not replicated, or stopped). */
  static boolean nothingToHeal(String printed) {
    return printed.contains("is not of type replicate/disperse") || printed.contains("is not started");
  }

  /** The peers {@code gluster pool list} shows in another state than Connected (hostname and state). */
  static List<String> notConnected(String printed) {
    List<String> out = new ArrayList<>();
    for (String line : printed.strip().lines().skip(1).map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      String[] columns = line.split("\\s+");
      if (columns.length < 3 || !columns[columns.length - 1].equals("Connected")) {
        out.add(columns.length >= 3 ? columns[1] + " " + columns[columns.length - 1] : line);
      }
    }
    return out;
  }

  private GlusterState() {}
}
