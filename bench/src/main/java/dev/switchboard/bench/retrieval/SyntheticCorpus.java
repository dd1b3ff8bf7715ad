package dev.switchboard.bench.retrieval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A generated retrieval test collection (no public IR collection can be downloaded here). Each
 * document is a short fact card about a fictional business with a made-up name:
 *
 * <pre>{name} is a {category} in {town}. It {feature}. People travel there for its {specialty}.
 * {one of 30 generic filler sentences}</pre>
 *
 * <p>Categories, features and specialties come from lists of 20 each, towns from a list of 25, so
 * there are 200,000 attribute combinations; every document gets its own combination (sampled
 * without replacement) and its own name, so each query below has exactly one relevant document.
 * Documents that share three of the four attributes are the hard negatives.
 *
 * <p>Three kinds of queries, each with exactly one relevant document:
 *
 * <ul>
 *   <li><b>named</b> — "What is {name} in {town} known for?": the rare made-up name is a strong
 *       lexical cue that an embedding model has never seen (full-text search should win);
 *   <li><b>described</b> — "Which {category paraphrase} in {town} {feature paraphrase} and is
 *       famous for {specialty paraphrase}?": no name, the attributes are paraphrased with different
 *       words (a dense model should win; full text only has the town and a few shared words);
 *   <li><b>partial</b> — the described query with one of the three attributes in the document's own
 *       words, as users often half-remember a phrase (both rankings have a signal).
 * </ul>
 *
 * Everything is deterministic for a given seed.
 */
public final class SyntheticCorpus {

  /** A document and the attributes that identify it. */
  public record Doc(String id, String text, int category, int town, int feature, int specialty) {}

  /** A query and the id of its one relevant document. */
  public record Query(String text, String relevant, String kind) {}

  // {document wording, query paraphrase}
  static final String[][] CATEGORIES = {
    {"bakery", "bread shop"},
    {"observatory", "place to look at the stars"},
    {"ferry service", "boat line across the water"},
    {"pharmacy", "chemist"},
    {"public library", "place to borrow books"},
    {"vineyard", "wine estate"},
    {"bicycle workshop", "bike repair place"},
    {"dental clinic", "dentist"},
    {"fish market", "seafood stall"},
    {"recording studio", "place to record music"},
    {"plant nursery", "grower selling young plants"},
    {"ski school", "place offering skiing lessons"},
    {"bus depot", "coach garage"},
    {"tea house", "place serving tea"},
    {"cobbler", "shoe repair shop"},
    {"veterinary clinic", "animal doctor"},
    {"planetarium", "dome theatre showing the night sky"},
    {"sawmill", "timber mill"},
    {"radio station", "broadcaster"},
    {"pottery studio", "ceramics workshop"}
  };

  static final String[] TOWNS = {
    "Brenmoor", "Caldwick", "Dunhallow", "Elmsford", "Farrowgate", "Glenrock", "Harwick",
    "Ivybridge", "Kestral Bay", "Larkmoor", "Millhaven", "Northwold", "Oakhurst", "Pennick",
    "Quarrytown", "Ravensholm", "Saltmarsh", "Thornbury", "Umberleigh", "Valecrest", "Westerby",
    "Yarrowby", "Ashcombe", "Brackenridge", "Coldharbour"
  };

  static final String[][] FEATURES = {
    {"opens before sunrise", "starts work in the very early morning"},
    {"accepts only cash", "won't take cards"},
    {"was founded by two sisters", "was started by a pair of siblings"},
    {"runs on solar power", "is powered by the sun"},
    {"closes on Tuesdays", "shuts one day in the middle of the week"},
    {"has a rooftop garden", "grows plants on top of its building"},
    {"offers free delivery", "brings orders to your door at no charge"},
    {"employs only volunteers", "is staffed by unpaid helpers"},
    {"is housed in a former church", "sits in an old chapel building"},
    {"keeps a resident cat", "has a feline living on the premises"},
    {"was rebuilt after a flood", "was reconstructed when high water destroyed it"},
    {"hosts a weekly quiz night", "runs a trivia evening every week"},
    {"is open all night", "never shuts after dark"},
    {"trains apprentices", "teaches young trainees the trade"},
    {"sits beside the harbour", "is right next to the port"},
    {"has won a national award", "received a prize from the country"},
    {"uses only local suppliers", "buys everything from nearby producers"},
    {"is run by a cooperative", "is owned by its members"},
    {"plays live jazz", "has musicians performing"},
    {"was the first of its kind in the region", "pioneered this in the area"}
  };

  static final String[][] SPECIALTIES = {
    {"sourdough rye loaves", "dark fermented bread"},
    {"handmade leather boots", "crafted footwear"},
    {"smoked mackerel", "cured fish"},
    {"herbal cough remedies", "plant-based medicine for colds"},
    {"telescopes for children", "star-gazing gear for kids"},
    {"sparkling cider", "fizzy apple drink"},
    {"cargo bicycles", "bikes for carrying loads"},
    {"glazed blue teapots", "ceramic pots for brewing"},
    {"winter survival courses", "training for cold weather"},
    {"rare orchids", "unusual tropical flowers"},
    {"vintage radios", "old wireless sets"},
    {"oak furniture", "wooden tables and chairs"},
    {"wildflower honey", "sweet syrup made by bees"},
    {"night sky tours", "guided evenings under the stars"},
    {"restored sailing boats", "repaired old yachts"},
    {"spicy ginger biscuits", "hot cookies"},
    {"hand-bound notebooks", "craft journals"},
    {"choir recordings", "albums of sung music"},
    {"puppy training classes", "lessons for young dogs"},
    {"mountain maps", "charts of the peaks"}
  };

  static final String[] FILLERS = {
    "The staff are friendly and prices are fair.",
    "Parking can be difficult at weekends.",
    "It is a short walk from the station.",
    "Reviews praise the quick service.",
    "The building dates from the last century.",
    "Families often visit in the summer.",
    "There is a small café next door.",
    "The owners also run a stall at the Saturday market.",
    "Opening hours change in winter.",
    "Groups should book ahead.",
    "The entrance is on the side street.",
    "It has a loyal following among locals.",
    "Students get a discount on weekdays.",
    "The windows look out over the main square.",
    "A newsletter announces events each month.",
    "The place gets crowded at lunchtime.",
    "Dogs are welcome inside.",
    "It was repainted last spring.",
    "Tourists often stop by on their way to the coast.",
    "The website lists seasonal offers.",
    "There is step-free access for wheelchairs.",
    "Gift vouchers are sold at the counter.",
    "The team speaks several languages.",
    "It sponsors the local football club.",
    "A mural decorates the back wall.",
    "Bicycles can be left in the yard.",
    "Card games are played in the evenings.",
    "The neighbourhood is quiet after dark.",
    "Its logo is a green circle.",
    "Old photographs hang in the hallway."
  };

  private static final String[] ONSETS = {
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "tr"
  };
  private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ou"};
  private static final String[] CODAS = {"", "n", "r", "l", "s", "th", "x"};

  private final List<Doc> docs;
  private final long seed;

  private SyntheticCorpus(List<Doc> docs, long seed) {
    this.docs = docs;
    this.seed = seed;
  }

  /** Generates {@code count} documents, each with its own attribute combination and name. */
  public static SyntheticCorpus generate(int count, long seed) {
    int combos = CATEGORIES.length * TOWNS.length * FEATURES.length * SPECIALTIES.length;
    if (count > combos) {
      throw new IllegalArgumentException("at most " + combos + " documents");
    }
    Random random = new Random(seed);
    Set<Integer> usedCombos = new HashSet<>();
    Set<String> usedNames = new HashSet<>();
    List<Doc> docs = new ArrayList<>(count);
    while (docs.size() < count) {
      int combo = random.nextInt(combos);
      if (!usedCombos.add(combo)) {
        continue;
      }
      String name = name(random, usedNames);
      int c = combo % CATEGORIES.length;
      int rest = combo / CATEGORIES.length;
      int t = rest % TOWNS.length;
      rest /= TOWNS.length;
      int f = rest % FEATURES.length;
      int s = rest / FEATURES.length;
      String text =
          name
              + " is a "
              + CATEGORIES[c][0]
              + " in "
              + TOWNS[t]
              + ". It "
              + FEATURES[f][0]
              + ". People travel there for its "
              + SPECIALTIES[s][0]
              + ". "
              + FILLERS[random.nextInt(FILLERS.length)];
      docs.add(new Doc("doc-" + docs.size(), text, c, t, f, s));
    }
    return new SyntheticCorpus(docs, seed);
  }

  private static String name(Random random, Set<String> used) {
    while (true) {
      StringBuilder sb = new StringBuilder();
      int syllables = 2 + random.nextInt(2);
      for (int i = 0; i < syllables; i++) {
        sb.append(ONSETS[random.nextInt(ONSETS.length)])
            .append(VOWELS[random.nextInt(VOWELS.length)])
            .append(CODAS[random.nextInt(CODAS.length)]);
      }
      String name = Character.toUpperCase(sb.charAt(0)) + sb.substring(1);
      if (used.add(name)) {
        return name;
      }
    }
  }

  public List<Doc> docs() {
    return docs;
  }

  /** The name a document's text starts with. */
  static String nameOf(Doc d) {
    return d.text().substring(0, d.text().indexOf(' '));
  }

  /** {@code perKind} queries of each kind about distinct documents among the first {@code pool}. */
  public List<Query> queries(int perKind, int pool) {
    Random random = new Random(seed * 31 + 7);
    List<Query> out = new ArrayList<>(3 * perKind);
    Set<Integer> picked = new HashSet<>();
    while (out.size() < 3 * perKind) {
      int i = random.nextInt(Math.min(pool, docs.size()));
      if (!picked.add(i)) {
        continue;
      }
      Doc d = docs.get(i);
      String town = TOWNS[d.town()];
      switch (out.size() % 3) {
        case 0 ->
            out.add(
                new Query("What is " + nameOf(d) + " in " + town + " known for?", d.id(), "named"));
        case 1 -> out.add(new Query(described(d, -1), d.id(), "described"));
        default -> out.add(new Query(described(d, random.nextInt(3)), d.id(), "partial"));
      }
    }
    return out;
  }

  /** The attributes in other words, except the one at {@code verbatim} (0 to 2; -1 for none). */
  private static String described(Doc d, int verbatim) {
    return "Which "
        + CATEGORIES[d.category()][verbatim == 0 ? 0 : 1]
        + " in "
        + TOWNS[d.town()]
        + " "
        + FEATURES[d.feature()][verbatim == 1 ? 0 : 1]
        + " and is famous for "
        + SPECIALTIES[d.specialty()][verbatim == 2 ? 0 : 1]
        + "?";
  }
}
