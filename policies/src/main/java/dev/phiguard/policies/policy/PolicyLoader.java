package dev.phiguard.policies.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads and validates policy files: one file ({@link #load(Path)}) or a folder of them
 * ({@link #loadDirectory(Path)}). Loading is all-or-nothing: when any file has any problem, a
 * {@link PolicyException} lists every problem of every file and no policy is returned.
 *
 * <p>A policy file is UTF-8 YAML, at most {@value #MAX_FILE_BYTES} bytes, named {@code <purpose>.yaml} or
 * {@code <purpose>.yml}. The loader holds no state between calls and may be shared.
 */
public final class PolicyLoader {

    /** The largest policy file accepted, in bytes (256 KiB). */
    public static final int MAX_FILE_BYTES = 256 * 1024;

    private final YamlTreeReader yaml = new YamlTreeReader();

    /** The outcome of reading one file: a policy, or the problems that prevented it. */
    private record Outcome(Path file, Optional<PolicyReader.Result> result, List<PolicyProblem> problems) {
    }

    /**
     * Loads and validates one policy file.
     *
     * @throws PolicyException listing every problem of the file
     */
    public Policy load(Path file) throws PolicyException {
        return policyOrThrow(read(file));
    }

    /**
     * Validates policy text as if it had been read from {@code file} (which is not read; its name still has to
     * match the purpose and end in {@code .yaml} or {@code .yml}).
     *
     * @throws PolicyException listing every problem of the text
     */
    public Policy parse(Path file, String text) throws PolicyException {
        return policyOrThrow(parseText(file, text));
    }

    /**
     * Loads every policy file of a folder: the files directly in it whose names end in {@code .yaml} or
     * {@code .yml} and do not start with a dot. Other files and subfolders are ignored. An empty folder gives an
     * empty set.
     *
     * @throws PolicyException listing every problem of every file, including purposes defined twice, if anything
     *                         is wrong; then nothing is loaded
     */
    public PolicySet loadDirectory(Path directory) throws PolicyException {
        if (!Files.isDirectory(directory)) {
            throw new PolicyException(List.of(PolicyProblem.ofFile(directory,
                    Files.exists(directory) ? "not a folder" : "no such folder")));
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(PolicyLoader::isPolicyFileName).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new PolicyException(List.of(PolicyProblem.ofFile(directory, "cannot list the folder: " + describe(e))));
        }
        return loadFiles(files);
    }

    /**
     * Loads several policy files as one set, all or nothing.
     *
     * @throws PolicyException listing every problem of every file, including purposes defined twice
     */
    public PolicySet loadFiles(Collection<Path> files) throws PolicyException {
        List<PolicyProblem> problems = new ArrayList<>();
        Map<String, Policy> byPurpose = new HashMap<>();
        for (Path file : files) {
            Outcome outcome = read(file);
            problems.addAll(outcome.problems());
            outcome.result().ifPresent(result -> {
                Policy previous = byPurpose.putIfAbsent(result.policy().purpose(), result.policy());
                if (previous != null) {
                    Position at = result.purposePosition();
                    problems.add(new PolicyProblem(file, at.line(), at.column(), "purpose '" + result.policy().purpose()
                            + "' is already defined in " + previous.source() + "; each purpose has exactly one file"));
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        return new PolicySet(byPurpose);
    }

    private static Policy policyOrThrow(Outcome outcome) throws PolicyException {
        if (!outcome.problems().isEmpty()) {
            throw new PolicyException(outcome.problems());
        }
        return outcome.result().orElseThrow().policy();
    }

    private Outcome read(Path file) {
        Problems problems = new Problems(file);
        if (!hasPolicyExtension(file)) {
            problems.ofFile("a policy file name must end in .yaml or .yml");
            return new Outcome(file, Optional.empty(), problems.list());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            problems.ofFile(describe(e));
            return new Outcome(file, Optional.empty(), problems.list());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            problems.ofFile("the file is larger than " + MAX_FILE_BYTES + " bytes (256 KiB), the most a policy file may be");
            return new Outcome(file, Optional.empty(), problems.list());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.ofFile("the file is not UTF-8 text");
            return new Outcome(file, Optional.empty(), problems.list());
        }
        return parseText(file, text);
    }

    private Outcome parseText(Path file, String text) {
        Problems problems = new Problems(file);
        if (!hasPolicyExtension(file)) {
            problems.ofFile("a policy file name must end in .yaml or .yml");
            return new Outcome(file, Optional.empty(), problems.list());
        }
        if (text.length() > MAX_FILE_BYTES) {
            problems.ofFile("the file is larger than " + MAX_FILE_BYTES + " bytes (256 KiB), the most a policy file may be");
            return new Outcome(file, Optional.empty(), problems.list());
        }
        String fileName = file.getFileName().toString();
        String stem = fileName.substring(0, fileName.lastIndexOf('.'));
        Optional<PolicyReader.Result> result = yaml.read(text, problems)
                .flatMap(root -> new PolicyReader(problems).read(root, file, fileName, stem));
        return new Outcome(file, problems.isEmpty() ? result : Optional.empty(), problems.list());
    }

    private static boolean isPolicyFileName(Path file) {
        return !file.getFileName().toString().startsWith(".") && hasPolicyExtension(file);
    }

    private static boolean hasPolicyExtension(Path file) {
        Path name = file.getFileName();
        return name != null && (name.toString().endsWith(".yaml") || name.toString().endsWith(".yml"));
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return "cannot read the file: " + e.getMessage();
    }
}
