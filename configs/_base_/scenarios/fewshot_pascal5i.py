# PASCAL-5i fold 0, 1-way 1-shot, PANet conventions (novel pixels of training images -> background).
# Test: 5 runs x 1000 episodes seeded 1234.. from the test split (val; released PANet used trainaug).
scenario = dict(type='FewShot', benchmark='pascal-5i', fold=0, ways=1, shots=1, queries=1,
                train_images='relabel', annotation='mask', test_runs=5, test_episodes=1000, test_seed=1234,
                test_split='val')
