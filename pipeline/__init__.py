"""The render pipeline: everything between a scene and the files on disk, none of it
Manim and none of it the course's own (it imports neither ``scenes`` nor
``nnexplain``).

- :mod:`pipeline.facts`: the one table of render facts (qualities and their folders,
  formats and the transparent-mp4-becomes-mov rule, themes' names, output paths and
  names, the ``manim`` command line);
- :mod:`pipeline.jobs`: manim processes run side by side, quietly;
- :mod:`pipeline.variants`, :mod:`pipeline.aspect`: which folder a render lands in;
- :mod:`pipeline.subtitles`: a said line cut into subtitle cues;
- :mod:`pipeline.narration`: the offline voice;
- :mod:`pipeline.videofiles`: finishing a render (subtitles into the video, clips
  given their sound, Manim's pieces removed);
- :mod:`pipeline.manifest`: the manifest beside every video (its beats, cues, length
  and variant), which decks, the gallery, stills and the README's lengths read.
"""
