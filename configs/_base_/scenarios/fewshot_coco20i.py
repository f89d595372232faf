# COCO-20i fold 0 (PANet's consecutive classes 1..20), 1-way 1-shot, 5 runs x 1000 test episodes seeded 1234..
# test_split=None: test episodes come from the dataset config's list (val2014).
scenario = dict(type='FewShot', benchmark='coco-20i', fold=0, coco_scheme='consecutive', ways=1, shots=1,
                queries=1, train_images='relabel', annotation='mask', test_runs=5, test_episodes=1000,
                test_seed=1234, test_split=None)
