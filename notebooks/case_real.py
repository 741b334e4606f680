"""Cells of notebooks/04_real_export.ipynb: the same walk on a real athlete's Strava export."""

from __future__ import annotations

from nbcells import code, md, setup

CELLS = [
    md(
        """
        # A real export

        The same walk as the two case notebooks, on a real Strava bulk export: one athlete's
        `activities.csv` and FIT files over a few months of a marathon block, with rides, walks
        and skiing mixed in. The files live beside the repository in the shared data folder
        (`../shared/data/real`, or the folder `RUNLYTICS_REAL_DIR` names), not in it: they are
        not ours to redistribute, so this notebook is executed by the tests but its output is not
        published. Without the folder it says so and stops.

        No athlete is given here: runlytics estimates HRmax and threshold from the runs (floors,
        flagged as estimates). Resting heart rate and sex are not estimated, so the heart-rate
        fitness markers are missing and fitness comes from races and best efforts instead.
        """
    ),
    setup("."),
    code(
        """
        import os

        REAL_DIR = Path(os.environ.get('RUNLYTICS_REAL_DIR', Path.cwd().parent.parent / 'shared' / 'data' / 'real'))
        EXPORT = REAL_DIR / 'patricktudor-running' / 'strava-export-2019-01-to-05'
        PRESENT = (EXPORT / 'activities.csv').is_file()
        say(
            'The real export is present: the cells below read it.' if PRESENT else
            '**The real export is not present here** (it is looked for in the shared data folder '
            'beside the repository, or under `RUNLYTICS_REAL_DIR`): nothing more to show. The '
            'case notebooks `02_ivan` and `03_boston_qualifier` run on the bundled samples.'
        )
        """
    ),
    code(
        """
        if PRESENT:
            started = time.perf_counter()
            history = rl.read_export(EXPORT, cache=CACHE, progress=False)
            load_s = time.perf_counter() - started
            activities = history.activities
            runs = activities[activities['analysed']]
            sports = activities['sport'].value_counts()
            p = history.athlete.at(runs['local_date'].max())
            say(
                f"**{len(activities)} activities** ({', '.join(f'{n} {s}' for s, n in sports.items())}) "
                f"from {runs['local_date'].min():%d %B %Y} to {runs['local_date'].max():%d %B %Y}, "
                f"{runs['distance_m'].sum() / 1000:,.0f} km of running, read in {load_s:.0f} s, "
                f"{len(history.problems)} files with problems. Estimated: HRmax {p.hr_max:.0f} bpm, "
                f"threshold pace {format_pace(p.threshold_speed_mps)} ({p.sources['threshold_speed_mps']})."
            )
            display(runs['label'].value_counts().rename('runs'))
        """
    ),
    code(
        """
        if PRESENT:
            fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 7), sharex=True)
            rl.plot_weekly_volume(history, ax=ax1)
            rl.plot_pmc(history, ax=ax2)
            weekly = history.weekly()
            long = weekly['longest_run_m']
            FIRST = 4  # weeks
            say(
                f"A median {km(weekly['distance_m'].median())} a week of running; his longest run "
                f"grew from {km(long.iloc[:FIRST].max())} in the first {FIRST} weeks to {km(long.max())} "
                f"(week of {long.idxmax():%d %B})."
            )
        """
    ),
    md("## Races and fitness"),
    code(
        """
        if PRESENT:
            trend = rl.fitness_trend(history)
            races = rl.find_races(history, trend=trend)
            for _, r in races[races['is_race']].iterrows():
                say(f"- {r['date']:%d %B %Y}, {r['name']}: {r['over']} in {format_time(r['time_s'])} "
                    f"(VDOT {r['vdot']:.1f})")
            rl.plot_fitness_trend(trend)
        """
    ),
    code(
        """
        if PRESENT and races['is_race'].any():
            best = races[races['is_race']].sort_values('vdot').iloc[-1]
            equivalents = rl.race_equivalents(best['vdot'], race=(best['distance_m'], best['time_s']))
            say(f"From his best race ({best['over']}, {best['date']:%d %B}): a marathon in "
                f"{format_time(equivalents.loc['marathon', 'vdot'])} by VDOT.")
            rl.plot_race_equivalents(equivalents)
        """
    ),
    md(
        """
        ## Quality sessions

        His sessions are structured (the titles name the reps) even where the laps are distance
        auto laps: the reps must be found in the records.
        """
    ),
    code(
        """
        if PRESENT:
            reps = rl.quality_sessions(history)
            per_session = reps.groupby(['activity_id', 'date', 'label'])['rep'].max()
            say(
                f"{len(per_session)} faster sessions, {(per_session > 0).mean():.0%} of them with "
                f"reps found in the data ({int(per_session.sum())} reps in all)."
            )
            rl.plot_quality_sessions(reps)
        """
    ),
    md("## The diagnosis"),
    code(
        """
        if PRESENT:
            diagnosis = rl.diagnose(history)
            display(Markdown(diagnosis.to_markdown()))
        """
    ),
]
